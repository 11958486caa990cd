import Foundation

/// Puts text-format output in a stable order: families by name, and the
/// series of each family by their label text.
///
/// swift-prometheus emits families and series in dictionary order, which
/// Swift randomises per process, so the `code` and `change` series of one
/// account came out in a different order each run. Only the exporter's own
/// small live part goes through here (a few KB), not the notification part,
/// but it does so on every scrape: it works on byte offsets into the text
/// (no slice or array per line), which took it from 17 % of a scrape's CPU
/// to a small share (perf, docs/benchmarks.md).
/// Hand-written because the registry has no ordered emit.
enum StableExposition {
    static func sorted(_ text: [UInt8]) -> [UInt8] {
        text.withUnsafeBufferPointer { buffer in
            // Empty text has no base address, and nothing to sort.
            guard let bytes = buffer.baseAddress else { return [] }
            let lines = Self.lines(buffer)
            var families: [Family] = []
            for index in lines.indices {
                let line = lines[index]
                if let (name, isType) = headerName(bytes, line) {
                    if families.last.map({ equal(bytes, $0.name, name) }) != true { families.append(Family(name: name)) }
                    families[families.count - 1].headers.append(index)
                    if isType { families[families.count - 1].isHistogram = ends(bytes, line, with: " histogram") }
                } else {
                    if families.isEmpty { families.append(Family(name: 0..<0)) }
                    let isCount = ends(bytes, metricName(bytes, line), with: "_count")
                    families[families.count - 1].append(sample: index, isCount: isCount)
                }
            }
            var out: [UInt8] = []
            out.reserveCapacity(buffer.count)
            func write(_ index: Int) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lines[index]]))
                out.append(UInt8(ascii: "\n"))
            }
            for family in families.sorted(by: { less(bytes, $0.name, $1.name) }) {
                family.headers.forEach(write)
                for group in family.groups.sorted(by: { less(bytes, lines[$0.lowerBound], lines[$1.lowerBound]) }) {
                    group.forEach(write)
                }
            }
            return out
        }
    }

    private struct Family {
        var name: Range<Int>
        /// Indices into the line list.
        var headers: [Int] = []
        var isHistogram = false
        /// One group of consecutive lines per series: a single line, or a
        /// histogram's buckets, sum and count.
        var groups: [Range<Int>] = []
        var groupOpen = false

        init(name: Range<Int>) { self.name = name }

        mutating func append(sample index: Int, isCount: Bool) {
            if isHistogram, groupOpen {
                groups[groups.count - 1] = groups[groups.count - 1].lowerBound..<(index + 1)
            } else {
                groups.append(index..<(index + 1))
            }
            // A histogram's series ends with its `_count` line.
            groupOpen = isHistogram && !isCount
        }
    }

    /// The non-empty lines, as byte ranges without their newline.
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            if index > start { lines.append(start..<index) }
            start = index + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        return lines
    }

    /// The family name of a `# HELP` or `# TYPE` line, and whether it is `# TYPE`.
    private static func headerName(_ bytes: UnsafePointer<UInt8>, _ line: Range<Int>) -> (Range<Int>, Bool)? {
        let isType = starts(bytes, line, with: "# TYPE ")
        guard isType || starts(bytes, line, with: "# HELP ") else { return nil }
        let rest = (line.lowerBound + 7)..<line.upperBound
        let end = rest.first { bytes[$0] == UInt8(ascii: " ") } ?? rest.upperBound
        return (rest.lowerBound..<end, isType)
    }

    private static func metricName(_ bytes: UnsafePointer<UInt8>, _ line: Range<Int>) -> Range<Int> {
        let end = line.first { bytes[$0] == UInt8(ascii: "{") || bytes[$0] == UInt8(ascii: " ") } ?? line.upperBound
        return line.lowerBound..<end
    }

    private static func starts(_ bytes: UnsafePointer<UInt8>, _ range: Range<Int>, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return range.count >= count && memcmp(bytes + range.lowerBound, prefix.utf8Start, count) == 0
    }

    private static func ends(_ bytes: UnsafePointer<UInt8>, _ range: Range<Int>, with suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        return range.count >= count && memcmp(bytes + range.upperBound - count, suffix.utf8Start, count) == 0
    }

    private static func equal(_ bytes: UnsafePointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(bytes + a.lowerBound, bytes + b.lowerBound, a.count) == 0)
    }

    /// Byte-wise lexicographic order, as `lexicographicallyPrecedes` on the bytes.
    private static func less(_ bytes: UnsafePointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = memcmp(bytes + a.lowerBound, bytes + b.lowerBound, common)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }
}
