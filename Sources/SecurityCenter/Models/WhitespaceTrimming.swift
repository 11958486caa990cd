import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without its cost
    /// when there is nothing to trim: the usual value (an id, a language, a
    /// header parameter) starts and ends with a visible ASCII character, and
    /// Foundation's trim goes through `NSString` for every value of every
    /// notification of every poll (perf, docs/benchmarks.md). Anything else
    /// takes Foundation's path, so Unicode spaces are trimmed as before.
    package func trimmingWhitespace() -> String {
        if let first = utf8.first, let last = utf8.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) {
            return String(self)
        }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}
