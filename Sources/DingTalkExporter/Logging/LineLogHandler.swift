import Foundation
import Logging

/// A swift-log handler that writes each event as one line in the chosen
/// `LogFormat` (logfmt or JSON) to a sink. The two formats differ only in how
/// a `LogRecord` becomes a line, so one handler serves both.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    public let label: String
    public let format: LogFormat
    private let sink: LogSink
    private let now: @Sendable () -> Date

    public init(
        format: LogFormat, label: String, level: Logger.Level = .info, sink: LogSink = .standardError,
        metadataProvider: Logger.MetadataProvider? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.format = format
        self.label = label
        self.logLevel = level
        self.sink = sink
        self.metadataProvider = metadataProvider
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let record = LogRecord(event: event, handlerMetadata: metadata, provider: metadataProvider, date: now())
        switch format {
        case .logfmt: sink.write(LogfmtLine.line(record))
        case .json: sink.write(JSONLine.line(record))
        }
    }
}
