import Logging
import NIOConcurrencyHelpers

/// Collects log lines as `level message key=value ...` for assertions.
final class SimulatorLogRecords: Sendable {
    private let storage = NIOLockedValueBox<[String]>([])
    var lines: [String] { storage.withLockedValue { $0 } }

    struct Handler: LogHandler {
        let records: SimulatorLogRecords
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let line = "\(event.level) \(event.message) \(pairs)"
            records.storage.withLockedValue { $0.append(line) }
        }
    }
}
