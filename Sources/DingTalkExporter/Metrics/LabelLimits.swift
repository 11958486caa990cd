/// Bounds on label values that come from the API (names, languages, alert
/// types, error codes), so that a hostile or broken API cannot blow up the
/// length of a series or the number of series.
public struct LabelLimits: Sendable, Equatable {
    /// The value every label value past `maxValuesPerLabel` is folded into.
    public static let overflowValue = "Other"

    /// Longest label value kept, in characters; longer values are truncated.
    public var maxValueLength: Int = 256
    /// Distinct values one label may take in one family for one account; the
    /// rest become `Other`.
    public var maxValuesPerLabel: Int = 100

    public init(maxValueLength: Int = 256, maxValuesPerLabel: Int = 100) {
        self.maxValueLength = max(0, maxValueLength)
        self.maxValuesPerLabel = max(0, maxValuesPerLabel)
    }

    /// `value` cut to at most `maxValueLength` characters (grapheme clusters,
    /// so the cut never splits a Chinese character or an emoji). One
    /// character may hold any number of combining scalars, so the cut also
    /// stops at 4 x `maxValueLength` scalars, inside such a character if
    /// need be: that bounds the bytes too, and the result stays valid UTF-8.
    public func truncate(_ value: String) -> String {
        // No more bytes than the limit means no more scalars (O(1) for a native string).
        guard value.utf8.count > maxValueLength, value.unicodeScalars.count > maxValueLength else { return value }
        let budget = maxValueLength.multipliedReportingOverflow(by: 4)
        let maxScalars = budget.overflow ? Int.max : budget.partialValue
        // The first `maxValueLength` characters, found by the standard
        // library's grapheme breaking and copied once (appending scalar by
        // scalar made long names a sixth of a render, perf).
        let cut = value.index(value.startIndex, offsetBy: maxValueLength, limitedBy: value.endIndex) ?? value.endIndex
        let prefix = value[..<cut]
        if prefix.unicodeScalars.count <= maxScalars { return String(prefix) }
        // A character of many scalars: cut at the scalar budget, inside it.
        let scalars = value.unicodeScalars
        return String(scalars[..<scalars.index(scalars.startIndex, offsetBy: maxScalars)])
    }

    /// Maps every value to the label value it is published under: itself if
    /// it is `reserved` (always present, never counted) or among the first
    /// `maxValuesPerLabel` of the others in sorted order, `Other` otherwise.
    ///
    /// Sorting makes the choice independent of the order the API listed
    /// things in, so the same data always gives the same series.
    public func capped(_ values: some Sequence<String>, reserved: Set<String> = []) -> [String: String] {
        let distinct = Set(values)
        var mapping: [String: String] = [:]
        mapping.reserveCapacity(distinct.count)
        var kept = 0
        for value in distinct.sorted() {
            if reserved.contains(value) {
                mapping[value] = value
            } else if kept < maxValuesPerLabel {
                mapping[value] = value
                kept += 1
            } else {
                mapping[value] = Self.overflowValue
            }
        }
        return mapping
    }

    /// How many distinct values a mapping from `capped` folds into `Other`.
    public static func foldedCount(_ mapping: [String: String]) -> Int {
        mapping.reduce(0) { $0 + ($1.value == overflowValue && $1.key != overflowValue ? 1 : 0) }
    }
}
