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
}
