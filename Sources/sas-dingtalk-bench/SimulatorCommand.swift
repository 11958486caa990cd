import ArgumentParser
import Logging
import SecurityCenterSimulator

/// The simulated Security Center in its own process, so the exporter's CPU
/// per poll can be read from /proc without the simulator's share.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Serve a generated data set on a loopback port until killed; prints the port.")

    @Option(help: "Notifications to generate.") var notifications = 1000
    @Option(help: "Port (0: any free one).") var port = 0
    @Option(help: "Access key id the simulator accepts.") var accessKeyId = "bench-access-key-id"
    @Option(help: "Its secret (a throwaway for loopback benchmarks).") var accessKeySecret = "bench-access-key-secret"

    func run() async throws {
        let simulator = SecurityCenterSimulator(
            dataSet: .generate(count: notifications, seed: 1),
            accessKeys: [SimulatorAccessKey(id: accessKeyId, secret: accessKeySecret)],
            port: port, logger: Logger(label: "simulator", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await simulator.run(onListening: { port in
            // Deliberate CLI output: the script reads the port from it.
            print("listening on port \(port)")
        })
    }
}
