/// What an account name (the `account` label value) and a region ID may look like.
enum AccountName {
    static let maxLength = 64
    static let rule = "use 1 to 64 letters, digits, '_', '-', '.' or ':', starting with a letter or a digit"

    /// Stricter than Prometheus requires, so a name reads the same in
    /// PromQL, logs, URLs and the landing page.
    static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= maxLength,
              isLetterOrDigit(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetterOrDigit($0) || "_-.:".unicodeScalars.contains($0) }
    }

    /// `cn-shanghai`, `ap-southeast-1`, `cn-shanghai-finance-1`.
    static func isRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

extension String {
    /// The string with control characters escaped, to quote a bad value safely in one line.
    var debugDescriptionContent: String { String(debugDescription.dropFirst().dropLast()) }
}
