import Foundation

/// Parses Prometheus-style durations: `500ms`, `30s`, `2m`, `1h30m`, `1d`.
///
/// Hand-written: none of the kept packages parses this format, and the flags
/// and (later) the config file must accept exactly what Prometheus users type.
public enum DurationParser {
    public struct InvalidDuration: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public init(text: String) { self.text = text }
        public var description: String {
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
                return "invalid duration \"\(text)\": durations cannot be negative (use e.g. 500ms, 30s, 2m, 1h30m)"
            }
            return "invalid duration \"\(text)\": use a number with a unit, e.g. 500ms, 30s, 2m, 1h30m"
        }
    }

    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
    ]

    public static func parse(_ text: String) throws(InvalidDuration) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw InvalidDuration(text: text) }
        if trimmed == "0" { return .zero }
        var rest = Substring(trimmed)
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let value = Int64(digits) else { throw InvalidDuration(text: text) }
            rest = rest.dropFirst(digits.count)
            // "ms" must be tried before "m".
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) && !($0.suffix == "m" && rest.hasPrefix("ms")) })
            else { throw InvalidDuration(text: text) }
            rest = rest.dropFirst(unit.suffix.count)
            let (product, overflow1) = value.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { throw InvalidDuration(text: text) }
            total = sum
        }
        return .milliseconds(total)
    }

    /// The inverse, for logs and the landing page: `1m30s`, `500ms`.
    public static func format(_ duration: Duration) -> String {
        var ms = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms == 0 { return "0s" }
        var out = ""
        for (suffix, size) in units.reversed() where suffix != "w" && suffix != "d" {
            if ms >= size {
                out += "\(ms / size)\(suffix)"
                ms %= size
            }
        }
        return out
    }
}
