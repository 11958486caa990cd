import AlibabaCloudCore
import Logging
import Foundation
import ServiceLifecycle

/// Runs a loopback server for the length of a body: starts it, waits until
/// it listens, hands the body its endpoint (`http://HOST:PORT`), then stops
/// it gracefully. Errors of the body propagate; so does a failure to start.
public enum LoopbackServing {
    public static func withRunning<T: Sendable>(
        host: String = "127.0.0.1", logger: Logger,
        serve: @escaping @Sendable (_ onListening: @escaping @Sendable (Int) async -> Void) async throws -> Void,
        _ body: (Endpoint) async throws -> T
    ) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // Run as a service of a group so that the end of `body` stops the
        // server gracefully; cancelling it would make Hummingbird log an error.
        let service = ServingService(serve: serve, ports: continuation)
        let serviceGroup = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await serviceGroup.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                // The server ended before listening: surface its error.
                try await group.next()
                throw SimulatorStartFailure()
            }
            let endpointHost = host.contains(":") ? "[\(host)]" : host
            let result: T
            do {
                result = try await body(Endpoint(scheme: "http", host: endpointHost, port: port))
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
            await serviceGroup.triggerGracefulShutdown()
            do {
                try await group.waitForAll()
            } catch {
                // Errors while stopping are not the caller's concern.
                logger.debug("Loopback server stopped", metadata: ["error": "\(error)"])
            }
            return result
        }
    }

    /// `serve` as a `Service`, for the group.
    private struct ServingService: Service {
        let serve: @Sendable (_ onListening: @escaping @Sendable (Int) async -> Void) async throws -> Void
        let ports: AsyncStream<Int>.Continuation
        func run() async throws {
            try await serve { port in ports.yield(port) }
        }
    }
}

extension SecurityCenterSimulator {
    /// Starts a simulator, waits until it listens, runs `body` with it and its
    /// endpoint (`http://127.0.0.1:PORT`), then stops it. Errors of `body`
    /// propagate; so does a failure to start.
    public static func withRunning<T: Sendable>(
        dataSet: SimulatorDataSet, accessKeys: [SimulatorAccessKey], host: String = "127.0.0.1",
        logger: Logger = Logger(label: "simulator"), now: @escaping @Sendable () -> Date = { Date() },
        nonceCapacity: Int = NonceCache.defaultCapacity,
        _ body: (SecurityCenterSimulator, Endpoint) async throws -> T
    ) async throws -> T {
        let simulator = SecurityCenterSimulator(
            dataSet: dataSet, accessKeys: accessKeys, host: host, logger: logger, now: now, nonceCapacity: nonceCapacity)
        return try await LoopbackServing.withRunning(host: host, logger: logger, serve: { try await simulator.run(onListening: $0) }) {
            try await body(simulator, $0)
        }
    }
}
