import AsyncHTTPClient
import ExporterWeb
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOSSL

/// A Hummingbird application behind the web layer, on a loopback port, for
/// tests that go over a real socket with a real client.
enum WebTestServer {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs a router with `routes` behind `store`'s web layer until `body` returns.
    static func withServer<T: Sendable>(
        store: WebConfigStore, options: WebServerOptions = .init(), observer: (any HTTPRequestObserver)? = nil,
        routes: (Router<BasicRequestContext>) -> Void = { _ in }, _ body: @escaping @Sendable (Int) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.add(middleware: store.middleware(options, observer: observer, context: BasicRequestContext.self))
        addRoutes(router)
        routes(router)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, server: store.serverBuilder(options),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: quiet)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestServerError.didNotStart }
            group.addTask { try await body(port) }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw TestServerError.didNotStart
        }
    }

    /// What every test app serves besides its own routes.
    private static func addRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/metrics") { _, _ in "metric_a 1\n" }
        router.get("/-/healthy") { _, _ in "Healthy\n" }
    }

    enum TestServerError: Error { case didNotStart }
}
