import Foundation
import Logging

/// Writes each event as one logfmt line, the way Prometheus exporters do:
/// `ts=2026-11-25T10:00:00.000Z level=info msg="poll failed" account=prod code=NoPermission`.
///
/// Values are quoted only when they must be (a space, `=`, `"` or a control
/// character, per go-logfmt), so a line never splits and never forges a key.
enum LogfmtLine {
    static func line(_ record: LogRecord) -> String {
        var pairs = ["ts=\(record.timestamp)", "level=\(record.level)", "msg=\(value(record.message))"]
        if let error = record.error { pairs.append("err=\(value(error))") }
        for field in record.fields {
            pairs.append("\(key(field.key))=\(value(text(field.value)))")
        }
        return pairs.joined(separator: " ")
    }

    /// Keys cannot be quoted in logfmt: characters that would end or split
    /// one become `_`.
    static func key(_ key: String) -> String {
        guard !key.isEmpty else { return "_" }
        return String(String.UnicodeScalarView(key.unicodeScalars.map { needsQuoting($0) ? "_" : $0 }))
    }

    static func value(_ value: String) -> String {
        value.unicodeScalars.contains(where: needsQuoting) ? LogRecord.quoted(value) : value
    }

    private static func needsQuoting(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x20 || scalar == "=" || scalar == "\"" || scalar == "\u{FFFD}"
    }

    /// Strings as they are; lists and dictionaries as swift-log prints them.
    private static func text(_ value: Logger.MetadataValue) -> String {
        if case .string(let string) = value { return string }
        return value.description
    }
}
