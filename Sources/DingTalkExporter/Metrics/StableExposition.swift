/// Puts text-format output in a stable order: families by name, and the
/// series of each family by their label text.
///
/// swift-prometheus emits families and series in dictionary order, which
/// Swift randomises per process, so the `code` and `change` series of one
/// account came out in a different order each run. Only the exporter's own
/// small live part goes through here (a few KB), not the notification part.
/// Hand-written because the registry has no ordered emit.
enum StableExposition {
    static func sorted(_ text: [UInt8]) -> [UInt8] {
        var families: [Family] = []
        for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if let (name, isType) = headerName(line) {
                if families.last?.name != name { families.append(Family(name: name)) }
                families[families.count - 1].headers.append(line)
                if isType { families[families.count - 1].isHistogram = line.ends(with: " histogram") }
            } else if families.isEmpty {
                families.append(Family(name: []))
                families[0].append(sample: line)
            } else {
                families[families.count - 1].append(sample: line)
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for family in families.sorted(by: { $0.name.lexicographicallyPrecedes($1.name) }) {
            for header in family.headers { out += header; out.append(UInt8(ascii: "\n")) }
            for group in family.groups.sorted(by: { $0[0].lexicographicallyPrecedes($1[0]) }) {
                for line in group { out += line; out.append(UInt8(ascii: "\n")) }
            }
        }
        return out
    }

    private struct Family {
        var name: ArraySlice<UInt8>
        var headers: [ArraySlice<UInt8>] = []
        var isHistogram = false
        /// One group per series: a single line, or a histogram's buckets, sum and count.
        var groups: [[ArraySlice<UInt8>]] = []
        var groupOpen = false

        init(name: ArraySlice<UInt8>) { self.name = name }

        mutating func append(sample line: ArraySlice<UInt8>) {
            if isHistogram, groupOpen {
                groups[groups.count - 1].append(line)
            } else {
                groups.append([line])
            }
            // A histogram's series ends with its `_count` line.
            groupOpen = isHistogram && !StableExposition.metricName(line).ends(with: "_count")
        }
    }

    /// The family name of a `# HELP` or `# TYPE` line, and whether it is `# TYPE`.
    private static func headerName(_ line: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, Bool)? {
        let help = Array("# HELP ".utf8), type = Array("# TYPE ".utf8)
        let isType = line.starts(with: type)
        guard isType || line.starts(with: help) else { return nil }
        let rest = line.dropFirst(help.count)
        return (rest.prefix { $0 != UInt8(ascii: " ") }, isType)
    }

    private static func metricName(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.prefix { $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: " ") }
    }
}

extension ArraySlice where Element == UInt8 {
    fileprivate func ends(with suffix: String) -> Bool { ends(with: Array(suffix.utf8)[...]) }
    fileprivate func ends(with suffix: ArraySlice<UInt8>) -> Bool {
        count >= suffix.count && self.suffix(suffix.count).elementsEqual(suffix)
    }
}
