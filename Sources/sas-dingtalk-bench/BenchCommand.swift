import ArgumentParser

/// Tools for `scripts/bench.sh` and by hand; never run by the tests.
/// Build it in release mode: `swift build -c release --product sas-dingtalk-bench`.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sas-dingtalk-bench",
        abstract: "Benchmarks for sas-dingtalk-exporter.",
        subcommands: [SimulatorCommand.self, MicroCommand.self])
}
