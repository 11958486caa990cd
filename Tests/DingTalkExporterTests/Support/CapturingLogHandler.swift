import Logging
import NIOConcurrencyHelpers

/// One captured log event, as the handler received it.
struct LogRecordCapture: Sendable {
    var level: Logger.Level
    var message: String
    var metadata: [String: String]
}

/// Keeps every log line (message and metadata, rendered) so tests can search them.
final class LogCapture: Sendable {
    private let records = NIOLockedValueBox<[LogRecordCapture]>([])
    func append(_ record: LogRecordCapture) { records.withLockedValue { $0.append(record) } }

    /// Each event as one line: `level message key=value ...` (keys sorted).
    var all: [String] {
        events.map { record in
            "\(record.level) \(record.message) \(record.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        }
    }

    var events: [LogRecordCapture] { records.withLockedValue { $0 } }

    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "capture") { label in CapturingLogHandler(capture: self, label: label) }
        logger.logLevel = level
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        capture.append(LogRecordCapture(
            level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
    }
}
