import AsyncHTTPClient
import Foundation
import Logging

/// The two STS (2015-04-01) actions the exporter needs.
///
/// `AssumeRole` is a signed RPC call (signature V1, as the SDKs send it) with
/// the base credentials; `AssumeRoleWithOIDC` is unsigned, as in the SDKs: the
/// OIDC token in the form body is the proof. STS errors keep their own codes
/// (`NoPermission`, `EntityNotExist.Role`, ...) in the error and in the log.
struct STSClient: Sendable {
    static let version = "2015-04-01"

    let httpClient: HTTPClient
    let endpoint: Endpoint
    let timeout: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    func assumeRole(_ parameters: AssumeRoleParameters, base: any CredentialsProvider) async throws(APIError) -> Credentials {
        var query: [(String, String)] = [
            ("RoleArn", parameters.roleArn), ("RoleSessionName", parameters.roleSessionName),
            ("DurationSeconds", String(parameters.durationSeconds)),
        ]
        if let policy = parameters.policy { query.append(("Policy", policy)) }
        if let externalId = parameters.externalId { query.append(("ExternalId", externalId)) }
        let rpc = RPCClient(
            httpClient: httpClient,
            configuration: RPCClientConfiguration(
                endpoint: endpoint, signatureVersion: .v1, requestTimeout: timeout, retryPolicy: RetryPolicy(maxRetries: 1)),
            credentials: base, logger: logger, now: now)
        do {
            return try await rpc.call(action: "AssumeRole", version: Self.version, parameters: query) { response in
                try TemporaryCredentialsDecoder.sts(response.body, source: "AssumeRole")
            }
        } catch let error as APIError {
            // The RPC client leaves the final failure to its caller: STS's
            // own code (EntityNotExist.Role, NoPermission, ...) is logged here.
            if error.code != APIError.Code.cancelled { logFailure(action: "AssumeRole", error) }
            throw error
        } catch {
            throw APIError(code: APIError.Code.invalidResponse, message: "AssumeRole: \(type(of: error))")
        }
    }

    func assumeRoleWithOIDC(_ parameters: OIDCRoleParameters, token: String) async throws(APIError) -> Credentials {
        let query: [(String, String)] = [
            ("Action", "AssumeRoleWithOIDC"), ("Format", "JSON"), ("Version", Self.version),
            ("Timestamp", UTCTimestamp.format(now())),
        ]
        var form: [(String, String)] = [
            ("RoleArn", parameters.roleArn), ("OIDCProviderArn", parameters.oidcProviderArn), ("OIDCToken", token),
            ("RoleSessionName", parameters.roleSessionName), ("DurationSeconds", String(parameters.durationSeconds)),
        ]
        if let policy = parameters.policy { form.append(("Policy", policy)) }
        let url = endpoint.baseURL + "/?" + Self.encode(query)
        let response = try await PlainHTTPExchange(httpClient: httpClient, timeout: timeout).send(
            .POST, url: url,
            headers: [("content-type", "application/x-www-form-urlencoded"), ("accept", "application/json")],
            body: Array(Self.encode(form).utf8))
        guard response.isSuccess else {
            // The token must not come back through an echoing error message.
            let redactor = SecretRedactor(secrets: [token])
            let error = ErrorBodyParser.parse(status: response.status, body: response.body, redact: redactor.redact)
            logFailure(action: "AssumeRoleWithOIDC", error)
            throw error
        }
        return try TemporaryCredentialsDecoder.sts(response.body, source: "AssumeRoleWithOIDC")
    }

    /// One warning per failed STS call, with the keys every API error is logged with.
    private func logFailure(action: String, _ error: APIError) {
        var metadata = error.logMetadata
        metadata["action"] = "\(action)"
        logger.warning("STS request failed", metadata: metadata)
    }

    private static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }
}
