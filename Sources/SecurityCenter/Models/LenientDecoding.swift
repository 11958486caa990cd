import Foundation

/// Lenient readers for API fields whose JSON type drifts: numbers sent as
/// strings, strings sent as numbers, `null`. A value that cannot be read is
/// nil, never an error, so one odd field does not cost the whole item.
extension KeyedDecodingContainer {
    func lenientInt64(forKey key: Key) -> Int64? {
        if let value = try? decodeIfPresent(Int64.self, forKey: key) { return value }
        if let value = try? decodeIfPresent(Double.self, forKey: key) { return Int64(exactly: value) }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return LenientNumber.int64(text) }
        return nil
    }

    func lenientInt(forKey key: Key) -> Int? {
        lenientInt64(forKey: key).flatMap { Int(exactly: $0) }
    }

    /// Strings as sent; numbers and booleans as their text.
    func lenientString(forKey key: Key) -> String? {
        if let value = try? decodeIfPresent(String.self, forKey: key) { return value }
        if let value = try? decodeIfPresent(Int64.self, forKey: key) { return String(value) }
        if let value = try? decodeIfPresent(Double.self, forKey: key) { return LenientNumber.text(value) }
        if let value = try? decodeIfPresent(Bool.self, forKey: key) { return String(value) }
        return nil
    }
}

enum LenientNumber {
    /// "42", " 42 ", "42.0", "4.2e1" -> 42; "4.5", "", "abc" -> nil.
    static func int64(_ text: String) -> Int64? {
        let trimmed = text.trimmingWhitespace()
        if let value = Int64(trimmed) { return value }
        if let value = Double(trimmed), value.isFinite { return Int64(exactly: value) }
        return nil
    }

    /// Integral doubles without the ".0", so `12.0` reads as "12".
    static func text(_ value: Double) -> String {
        if let integral = Int64(exactly: value) { return String(integral) }
        return String(value)
    }
}
