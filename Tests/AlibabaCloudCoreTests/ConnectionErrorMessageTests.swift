import AlibabaCloudCore
import AsyncHTTPClient
import Logging
import Testing

/// A failed connection keeps the code `ConnectionFailed` and says why.
@Suite("Connection error messages")
struct ConnectionErrorMessageTests {
    /// One client for the process (a client must be shut down before it goes away).
    static let httpClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: RPCClient.recommendedHTTPClientConfiguration())

    static func failure(_ endpoint: Endpoint) async throws -> APIError {
        let client = RPCClient(
            httpClient: httpClient,
            configuration: RPCClientConfiguration(endpoint: endpoint, requestTimeout: .seconds(10), retryPolicy: .none),
            credentials: StaticCredentialsProvider(Credentials(accessKeyId: "AKID", accessKeySecret: "secret")),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        do {
            _ = try await client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: [])
        } catch let error as APIError {
            return error
        }
        throw Unexpected.succeeded
    }

    enum Unexpected: Error { case succeeded }

    @Test("a host name that does not resolve is named as such", .timeLimit(.minutes(1)))
    func dns() async throws {
        let error = try await Self.failure(Endpoint(scheme: "http", host: "no-such-host.invalid", port: 80))
        #expect(error.code == "ConnectionFailed")
        #expect(error.message == "connection failed: the host name no-such-host.invalid did not resolve (DNS lookup failed)")
    }

    @Test("a refused connection says so", .timeLimit(.minutes(1)))
    func refused() async throws {
        // Port 1 on loopback: nothing listens there.
        let error = try await Self.failure(Endpoint(scheme: "http", host: "127.0.0.1", port: 1))
        #expect(error.code == "ConnectionFailed")
        #expect(error.message == "connection failed: Connection refused (errno 111)")
    }
}
