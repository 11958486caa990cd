/// The small INI dialect of `~/.alibabacloud/credentials.ini`: `[section]`
/// headers, `key = value` lines, `;` and `#` comments, values optionally in
/// double quotes. Keys before any section are ignored, as the SDKs do.
struct INIFile: Sendable, Equatable {
    var sections: [String: [String: String]] = [:]

    init(parsing text: String) {
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = String(rawLine).trimmingASCIIWhitespace()
            guard !line.isEmpty, !line.hasPrefix(";"), !line.hasPrefix("#") else { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingASCIIWhitespace()
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingASCIIWhitespace().lowercased()
            var value = String(line[line.index(after: equals)...]).trimmingASCIIWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            sections[current, default: [:]][key] = value
        }
    }
}
