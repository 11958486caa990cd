import Foundation
import Logging

/// `--log.format`: how each log event is written, one line per event.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `ts=... level=info msg="..." key=value`, as Prometheus exporters write it.
    case logfmt
    /// One JSON object per line: `ts`, `level`, `msg`, then the metadata.
    case json

    /// A handler writing in this format to `sink`.
    public func makeHandler(
        label: String, level: Logger.Level, sink: LogSink = .standardError,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> any LogHandler {
        LineLogHandler(format: self, label: label, level: level, sink: sink, now: now)
    }
}
