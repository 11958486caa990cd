/// Makes text taken from a response (request ids, codes, messages) safe to
/// put in a log line, a web page or a label: one line, no control or
/// invisible formatting characters, and bounded in length.
///
/// A hostile or broken gateway can send a megabyte header, new lines that
/// forge log records, terminal escapes, or right-to-left overrides that make
/// a page read differently from what it says.
public enum ResponseText {
    /// Longest message kept, in characters.
    public static let maxMessageLength = 512
    /// Longest request id kept; real ones are 36-character UUIDs.
    public static let maxTokenLength = 128
    /// What a dropped character becomes.
    public static let replacement: Character = "?"
    /// Appended when text was cut.
    public static let ellipsis = "..."

    /// Free text (a message): every control, format, separator-other-than-
    /// space or private-use scalar becomes `?`; at most `maxLength`
    /// characters, then `...`.
    public static func sanitize(_ text: String, maxLength: Int = maxMessageLength) -> String {
        var result = ""
        var count = 0
        for character in text {
            guard count < maxLength else { return result + ellipsis }
            // A character glued from many scalars (combining marks) can hide
            // a control scalar or grow without bound: judge each scalar.
            if character.unicodeScalars.count > 8 || !character.unicodeScalars.allSatisfy(isShown) {
                result.append(replacement)
            } else {
                result.append(character)
            }
            count += 1
        }
        return result
    }

    /// A token (a request id, a host id): printable ASCII without blanks,
    /// quotes or backslashes, at most `maxTokenLength` bytes; nil when nothing
    /// usable is left (empty, or not a token at all).
    public static func token(_ text: String?, maxLength: Int = maxTokenLength) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.count <= maxLength,
              trimmed.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        else { return nil }
        return trimmed
    }

    /// Printed as itself: letters, marks, numbers, punctuation, symbols and
    /// the plain space. Not: controls (C0, C1), format characters (bidi
    /// overrides, zero-width joiners), line and paragraph separators, private
    /// use, surrogates, unassigned.
    static func isShown(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .privateUse, .surrogate,
            .unassigned:
            return false
        default:
            return true
        }
    }
}
