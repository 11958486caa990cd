import Logging
import SecurityCenterSimulator
import ServiceLifecycle

/// The demo's simulated Security Center as a service, so the group shuts it
/// down gracefully (after the exporter, which depends on it).
struct DemoSimulatorService: Service {
    let simulator: SecurityCenterSimulator
    let ports: AsyncStream<Int>.Continuation

    func run() async throws {
        defer { ports.finish() }
        try await simulator.run(onListening: { port in ports.yield(port) })
    }
}

/// Waits for the simulator's port, then runs the exporter's services in a
/// nested group (a ServiceGroup is itself a Service, and passes graceful
/// shutdown down to its services).
struct DemoExporterService: Service {
    let ports: AsyncStream<Int>
    let makeServices: @Sendable (Int) -> [any Service]

    init(ports: AsyncStream<Int>, makeServices: @escaping @Sendable (Int) -> [any Service]) {
        self.ports = ports
        self.makeServices = makeServices
    }

    func run() async throws {
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { return }
        let group = ServiceGroup(
            configuration: .init(
                services: makeServices(port).map { .graceful($0) },
                logger: Logger(label: "sas-dingtalk-exporter.demo")))
        try await group.run()
    }
}

// ServiceLifecycle logs services at debug by their description.
extension DemoSimulatorService: CustomStringConvertible {
    var description: String { "DemoSimulator" }
}

extension DemoExporterService: CustomStringConvertible {
    var description: String { "DemoExporter" }
}
