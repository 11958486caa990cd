import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// A real HTTP client for tests against live servers: trusts the test CA,
/// optionally presents a client certificate, can be held to TLS versions.
public enum WebTestClient {
    /// A client trusting `ca` (or the system), optionally presenting a
    /// certificate, optionally speaking `only` one TLS version.
    public static func withClient<T: Sendable>(
        trusting ca: TestCertificates.Issued?, presenting identity: TestCertificates.Issued? = nil,
        only version: TLSVersion? = nil, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca { tls.trustRoots = .certificates([try ca.nioCertificate]) }
        if let identity {
            tls.certificateChain = [.certificate(try identity.nioCertificate)]
            tls.privateKey = .privateKey(try identity.nioKey)
        }
        if let version {
            tls.minimumTLSVersion = version
            tls.maximumTLSVersion = version
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    public struct Answer: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: String
    }

    public static func get(
        _ client: HTTPClient, _ url: String, headers: [(String, String)] = [], method: HTTPMethod = .GET
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    public static func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

}
