import Foundation

/// Turns this exporter's text-format 0.0.4 output into OpenMetrics 1.0.0.
///
/// Hand-written because swift-prometheus emits only the text format. For the
/// families this exporter writes the two formats differ in three places: a
/// counter family is named without its `_total` suffix in `# HELP`/`# TYPE`
/// (samples keep it), HELP text escapes `"`, and the exposition ends with
/// `# EOF`. Samples and label escaping are the same.
///
/// A section that holds whole families converts on its own, so the
/// per-poll notification section is converted once (`endOfFile: false`) and
/// only the live part per scrape.
enum OpenMetricsText {
    static func convert(_ text: [UInt8], endOfFile: Bool = true) -> [UInt8] {
        let lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        let typePrefix = Array("# TYPE ".utf8)
        let helpPrefix = Array("# HELP ".utf8)
        var counters = Set<ArraySlice<UInt8>>()
        for line in lines where line.starts(with: typePrefix) {
            let rest = line.dropFirst(typePrefix.count)
            if let space = rest.firstIndex(of: UInt8(ascii: " ")), rest[space...].elementsEqual(" counter".utf8) {
                counters.insert(rest[..<space])
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 16)
        for line in lines {
            if line.starts(with: typePrefix) || line.starts(with: helpPrefix) {
                let prefix = line.prefix(typePrefix.count)
                let rest = line.dropFirst(typePrefix.count)
                let space = rest.firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
                var name = rest[..<space]
                if counters.contains(name), name.count > 6, name.suffix(6).elementsEqual("_total".utf8) {
                    name = name.dropLast(6)
                }
                output += prefix
                output += name
                if line.starts(with: helpPrefix) {
                    for byte in rest[space...] {
                        if byte == UInt8(ascii: "\"") { output += Array(#"\""#.utf8) } else { output.append(byte) }
                    }
                } else {
                    output += rest[space...]
                }
            } else {
                output += line
            }
            output.append(UInt8(ascii: "\n"))
        }
        if endOfFile { output += Array("# EOF\n".utf8) }
        return output
    }

    /// Whether `convert(text, endOfFile: false)` gives `text` back: every
    /// line ends with a newline, none is empty, no `# TYPE` names a counter,
    /// no `# HELP` holds a `"`. Found by one scan rather than by converting
    /// and comparing: the notification section (about 480 KB for 1,000
    /// notifications) is asked this once per poll, and converting it cost
    /// more than rendering it (perf, docs/benchmarks.md). False may also mean
    /// "not sure": the caller then converts.
    static func isUnchangedByConversion(_ text: [UInt8]) -> Bool {
        guard let last = text.last else { return true }
        guard last == UInt8(ascii: "\n") else { return false }
        return text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            var start = 0
            while start < buffer.count {
                guard let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start) else { return false }
                let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                if end == start { return false }
                if buffer[start] == UInt8(ascii: "#") {
                    let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                    if line.starts(with: "# TYPE ".utf8), line.reversed().starts(with: " counter".utf8.reversed()) { return false }
                    if line.starts(with: "# HELP ".utf8), line.contains(UInt8(ascii: "\"")) { return false }
                }
                start = end + 1
            }
            return true
        }
    }
}
