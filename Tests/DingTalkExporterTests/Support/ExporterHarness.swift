import AlibabaCloudCore
import AsyncHTTPClient
import DingTalkExporter
import ExporterWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SecurityCenterSimulator

/// Runs a real simulator on loopback and an exporter pointed at it, so tests
/// go through signing, HTTP, paging, decoding, state and rendering for real.
enum ExporterHarness {
    /// One client for the whole test process, set up as the executable sets up its own.
    static let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: RPCClient.recommendedHTTPClientConfiguration())

    /// The simulator's own request lines would otherwise go to stdout in the middle of the test report.
    static let quietLogger = Logger(label: "simulator", factory: { _ in SwiftLogNoOpLogHandler() })

    static let key = SimulatorAccessKey(id: "test-access-key-id", secret: "test-access-key-secret-DO-NOT-LEAK")

    static func account(_ endpoint: Endpoint, name: String = "default") -> AccountConfig {
        AccountConfig(
            name: name, endpoint: endpoint,
            credentials: .fixed(Credentials(accessKeyId: key.id, accessKeySecret: key.secret)),
            requestTimeout: .seconds(6), maxRetries: 0, maxPages: 20)
    }

    static func withExporter(
        dataSet: SimulatorDataSet,
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        configure: @Sendable (inout ExporterConfig) -> Void = { _ in },
        web: WebConfigStore? = nil,
        _ body: @Sendable (SecurityCenterSimulator, Exporter) async throws -> Void
    ) async throws {
        try await SecurityCenterSimulator.withRunning(dataSet: dataSet, accessKeys: [key], logger: quietLogger) { simulator, endpoint in
            var config = ExporterConfig(accounts: [account(endpoint)], disableExporterMetrics: true)
            configure(&config)
            let exporter = Exporter(config: config, httpClient: httpClient, environment: [:], web: web, logger: logger)
            try await body(simulator, exporter)
        }
    }

    /// GET `path` through the exporter's router; returns status and body.
    static func get(_ exporter: Exporter, _ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        let (status, body, responseHeaders) = try await getBytes(exporter, path, method: method, headers: headers)
        return (status, String(buffer: body), responseHeaders)
    }

    static func getBytes(_ exporter: Exporter, _ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, ByteBuffer, HTTPFields) {
        let app = Application(router: buildRouter(exporter.routes))
        return try await app.test(.router) { client in
            try await client.execute(uri: path, method: method, headers: headers) { response in
                (response.status, response.body, response.headers)
            }
        }
    }

    static func scrape(_ exporter: Exporter) async throws -> (text: String, exposition: Exposition) {
        let (status, body, _) = try await get(exporter, exporter.config.telemetryPath)
        guard status == .ok else { throw HarnessError.status(status) }
        return (body, try Exposition(parsing: body))
    }

    /// Serves `exporter` on a loopback port (its first listen address made
    /// 127.0.0.1:0) through its real web layer until `body` returns.
    static func withLiveServer(_ exporter: Exporter, _ body: @Sendable (Int) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        guard let app = exporter.makeApplications(onServerRunning: { _, port in continuation.yield(port) }).first else {
            throw HarnessError.noListenAddress
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError.noListenAddress }
            defer { group.cancelAll() }
            try await body(port)
        }
    }

    enum HarnessError: Error {
        case status(HTTPResponse.Status)
        case noListenAddress
    }
}
