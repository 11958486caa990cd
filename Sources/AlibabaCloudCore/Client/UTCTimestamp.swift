import Foundation

/// `yyyy-MM-dd'T'HH:mm:ss'Z'` in UTC, the form both signatures use.
/// Foundation's ISO 8601 style is a Sendable value with no locale, so no
/// shared formatter is needed.
enum UTCTimestamp {
    private static let style = Date.ISO8601FormatStyle(timeZone: .gmt)

    static func format(_ date: Date) -> String {
        // Whole seconds, rounded down, as the SDK sends them.
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(style)
    }
}
