import Foundation
import SecurityCenter
import Testing

/// `trimmingWhitespace()` answers as Foundation's
/// `trimmingCharacters(in: .whitespacesAndNewlines)` does, fast path or not.
@Suite("WhitespaceTrimming")
struct WhitespaceTrimmingTests {
    @Test("the same result as Foundation's trim", arguments: [
        ("123", "123"), (" 123 ", "123"), ("\t42\n", "42"), ("", ""), ("   ", ""),
        ("zh", "zh"), ("a b", "a b"), ("\u{3000}全角\u{3000}", "全角"), ("\u{00A0}x\u{00A0}", "x"),
        ("中文", "中文"), ("x\u{301}", "x\u{301}"), ("\u{2003}em", "em"),
    ])
    func trims(input: String, expected: String) {
        #expect(input.trimmingWhitespace() == expected)
        #expect(Substring(input).trimmingWhitespace() == expected)
    }
}
