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

/// `--demo.fault-rate`: keeps the demo's simulator misbehaving at random, so
/// a soak run (scripts/soak.sh) meets every fault mode while it is scraped.
/// Every 20 ms, with probability `rate`, one random fault is queued unless
/// one is waiting already; each fault is used up by one API request.
struct DemoChaosService: Service {
    let simulator: SecurityCenterSimulator
    let rate: Double

    static let faults: [SimulatorFault] = [
        .throttling(retryAfterMilliseconds: 20), .noPermission, .serverErrorHTML(), .malformedJSON, .truncatedJSON,
        .emptyBody(), .xmlError(), .slow(.milliseconds(300)), .dropConnection, .lyingTotalCount(5_000), .duplicatePages,
        .ignoreCurrentPage, .capPageSize(7), .omitTotalCount,
        .hostileError(code: "Hostile.\u{1B}[2J", message: "line\nbreak \u{202E} acs:ram::1:user/x", requestId: "R\n1"),
    ]

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if simulator.pendingFaults.isEmpty, Double.random(in: 0..<1) < rate,
                   let fault = Self.faults.randomElement() {
                    simulator.inject(fault)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}

// ServiceLifecycle logs services at debug by their description.
extension DemoSimulatorService: CustomStringConvertible {
    var description: String { "DemoSimulator" }
}

extension DemoExporterService: CustomStringConvertible {
    var description: String { "DemoExporter" }
}
