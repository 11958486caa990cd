import Foundation
import Logging

/// One log event made ready for writing, shared by the logfmt and JSON
/// handlers so both agree on the timestamp, the level names and which
/// metadata wins.
struct LogRecord {
    /// `2026-11-25T10:00:00.000Z`: UTC, milliseconds.
    var timestamp: String
    /// Prometheus' level names: `debug`, `info`, `warn`, `error`.
    var level: String
    var message: String
    /// The event's error, as `err`.
    var error: String?
    /// The metadata, sorted by key. Keys that would repeat a fixed field get a `_` in front.
    var fields: [(key: String, value: Logger.MetadataValue)]

    static let fixedKeys: Set<String> = ["ts", "level", "msg", "err"]

    /// Handler metadata, then the provider's, then the event's: the most
    /// specific wins, as in swift-log's own handlers.
    init(event: LogEvent, handlerMetadata: Logger.Metadata, provider: Logger.MetadataProvider?, date: Date) {
        var merged = handlerMetadata
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let metadata = event.metadata { merged.merge(metadata) { _, new in new } }

        timestamp = Self.timestamp(date)
        level = Self.levelName(event.level)
        message = event.message.description
        error = event.error.map { String(describing: $0) }
        fields = merged
            .map { (key: Self.fixedKeys.contains($0.key) ? "_" + $0.key : $0.key, value: $0.value) }
            .sorted { $0.key < $1.key }
    }

    /// swift-log has seven levels, Prometheus' flags four: each maps to the nearest.
    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace, .debug: "debug"
        case .info, .notice: "info"
        case .warning: "warn"
        case .error, .critical: "error"
        }
    }

    /// ISO 8601 in UTC to the nearest millisecond, computed by hand: unlike
    /// Foundation's ISO 8601 style (which switches to the Julian calendar
    /// before 1582 and loses a millisecond near year 9999) it stays proleptic
    /// Gregorian and exact over the whole clamped range.
    /// Dates outside the years 0001-9999 are clamped to them.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let clamped = seconds.isNaN ? 0 : min(max(seconds, -62_135_596_800), 253_402_300_799.999)
        let totalMilliseconds = Int64((clamped * 1000).rounded())
        let (days, millisecondOfDay) = floorDivide(totalMilliseconds, 86_400_000)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let hour = millisecondOfDay / 3_600_000
        let minute = millisecondOfDay / 60_000 % 60
        let second = millisecondOfDay / 1000 % 60
        let millisecond = millisecondOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millisecond, 3))Z"
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `"..."` with `\`, `"` and control characters escaped (`\n`, `\r`,
    /// `\t`, else `\u00XX`): valid as a JSON string and as a logfmt quoted
    /// value (the go-logfmt rules). Everything else, Chinese included, stays as is.
    static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(value.utf8.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"):
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"):
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"):
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}
