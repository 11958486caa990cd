import AsyncHTTPClient
import Foundation
import Logging

/// The ECS instance RAM role's temporary credentials, from the metadata
/// service (`http://100.100.100.200`).
///
/// Each fetch first asks for an IMDSv2 session token (`PUT /latest/api/token`
/// with a 6-hour TTL) and sends it with every read. If the token request
/// fails, the reads go without it (IMDSv1), unless `disableIMDSv1`
/// (`ALIBABA_CLOUD_IMDSV1_DISABLED=true`) forbids that. The role name is
/// discovered from the service when not given. Uncached: wrap it in a
/// `RefreshingCredentialsProvider`.
public struct ECSRAMRoleCredentialsProvider: CredentialsProvider {
    public static let defaultEndpoint = Endpoint(scheme: "http", host: "100.100.100.200")
    static let tokenTTLSeconds = 21600
    static let credentialsPath = "/latest/meta-data/ram/security-credentials/"

    private let roleName: String?
    private let disableIMDSv1: Bool
    private let endpoint: Endpoint
    private let exchange: PlainHTTPExchange
    private let logger: Logger

    public init(
        roleName: String?, disableIMDSv1: Bool, httpClient: HTTPClient, endpoint: Endpoint = Self.defaultEndpoint,
        timeout: Duration = .seconds(2), logger: Logger = Logger(label: "aliyun.credentials")
    ) {
        self.roleName = roleName.flatMap { $0.isEmpty ? nil : $0 }
        self.disableIMDSv1 = disableIMDSv1
        self.endpoint = endpoint
        self.exchange = PlainHTTPExchange(httpClient: httpClient, timeout: timeout)
        self.logger = logger
    }

    public var kind: String { "ecs_ram_role" }

    public func credentials() async throws -> Credentials {
        let token = try await sessionToken()
        let headers = token.map { [("X-aliyun-ecs-metadata-token", $0)] } ?? []
        let role: String
        if let roleName {
            role = roleName
        } else {
            let listing = try await get(Self.credentialsPath, headers: headers, what: "role name")
            guard let first = listing.split(whereSeparator: \.isNewline).first.map({ String($0).trimmingASCIIWhitespace() }),
                  !first.isEmpty
            else { throw APIError.credentialsUnavailable("ecs_ram_role: no RAM role is attached to this instance") }
            role = first
        }
        guard !role.contains("/"), let escaped = role.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else {
            throw APIError.credentialsUnavailable("ecs_ram_role: role name \(role) is not a valid path segment")
        }
        let body = try await get(Self.credentialsPath + escaped, headers: headers, what: "credentials of role \(role)")
        do {
            return try TemporaryCredentialsDecoder.metadata(Array(body.utf8), source: "metadata service").named(kind)
        } catch {
            throw APIError.credentialsUnavailable("ecs_ram_role", error)
        }
    }

    /// The IMDSv2 token, or nil when IMDSv1 may be used instead.
    private func sessionToken() async throws(APIError) -> String? {
        let failure: String
        do {
            let response = try await exchange.send(
                .PUT, url: endpoint.baseURL + "/latest/api/token",
                headers: [("X-aliyun-ecs-metadata-token-ttl-seconds", String(Self.tokenTTLSeconds))])
            if response.isSuccess, !response.body.isEmpty { return response.text.trimmingASCIIWhitespace() }
            failure = "HTTP \(response.status)"
        } catch {
            failure = "\(error.code): \(error.message)"
        }
        guard !disableIMDSv1 else {
            throw APIError.credentialsUnavailable(
                "ecs_ram_role: the metadata token request failed (\(failure)) and \(EnvironmentVariable.imdsV1Disabled)=true forbids IMDSv1")
        }
        logger.debug("Metadata token request failed; falling back to IMDSv1", metadata: ["error": "\(failure)"])
        return nil
    }

    private func get(_ path: String, headers: [(String, String)], what: String) async throws(APIError) -> String {
        let response: PlainHTTPExchange.Response
        do {
            response = try await exchange.send(.GET, url: endpoint.baseURL + path, headers: headers)
        } catch {
            throw APIError.credentialsUnavailable("ecs_ram_role: reading the \(what) from the metadata service", error)
        }
        guard response.isSuccess else {
            throw APIError.credentialsUnavailable("ecs_ram_role: the metadata service answered HTTP \(response.status) for the \(what)")
        }
        return response.text
    }
}

extension ECSRAMRoleCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String { "ECSRAMRoleCredentialsProvider(roleName: \(roleName ?? "discovered"), endpoint: \(endpoint))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["roleName": roleName ?? "discovered", "endpoint": endpoint.description], displayStyle: .struct)
    }
}
