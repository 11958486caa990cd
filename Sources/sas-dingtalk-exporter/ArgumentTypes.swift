import AlibabaCloudCore
import ArgumentParser
import DingTalkExporter
import Logging

/// `30s`, `2m`, `1h30m` on the command line.
struct DurationArgument: ExpressibleByArgument, Sendable {
    var value: Duration
    init(_ value: Duration) { self.value = value }
    init?(argument: String) {
        guard let parsed = try? Self.parse(argument) else { return nil }
        self = parsed
    }
    var defaultValueDescription: String { DurationParser.format(value) }

    /// For `@Option(transform:)`, so a bad value's message says why.
    static func parse(_ argument: String) throws -> DurationArgument {
        DurationArgument(try DurationParser.parse(argument))
    }
}

struct ListenAddressArgument: ExpressibleByArgument, Sendable {
    var value: ListenAddress
    init?(argument: String) {
        guard let parsed = try? ListenAddress(parsing: argument) else { return nil }
        value = parsed
    }
}

/// Prometheus' level names (`warn`, not swift-log's `warning`).
enum LogLevelArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case debug, info, warn, error
    var level: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warn: .warning
        case .error: .error
        }
    }
}

extension SignatureVersion: ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}


struct ConfigShardArgument: ExpressibleByArgument, Sendable {
    var value: ConfigShard
    init?(argument: String) {
        guard let parsed = try? ConfigShard(parsing: argument) else { return nil }
        value = parsed
    }
}
