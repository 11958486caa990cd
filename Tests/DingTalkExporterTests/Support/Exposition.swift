/// A small parser of the Prometheus text format 0.0.4, written for the tests
/// so that label values (quotes, backslashes, new lines, Chinese) are
/// checked after a real round trip through the format's escaping rules.
struct Sample: Hashable, CustomStringConvertible {
    var name: String
    var labels: [String: String]
    var value: Double

    var description: String {
        "\(name){\(labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.debugDescription)" }.joined(separator: ","))} \(value)"
    }
}

struct Exposition {
    var samples: [Sample] = []
    /// Metric family -> type from `# TYPE` lines.
    var types: [String: String] = [:]
    var helps: [String: String] = [:]

    enum ParseError: Error, CustomStringConvertible {
        case malformed(line: Int, text: String, reason: String)
        var description: String {
            switch self {
            case let .malformed(line, text, reason): "line \(line): \(reason): \(text)"
            }
        }
    }

    init(parsing text: String) throws {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { throw ParseError.malformed(line: index + 1, text: String(line), reason: "bad TYPE") }
                types[String(parts[0])] = String(parts[1])
                continue
            }
            if line.hasPrefix("# HELP ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1)
                helps[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try Self.parseSample(Substring(line), lineNumber: index + 1))
        }
    }

    static func parseSample(_ line: Substring, lineNumber: Int) throws -> Sample {
        var chars = Array(line.unicodeScalars)
        var i = 0
        var name = ""
        while i < chars.count, chars[i] != "{", chars[i] != " " {
            name.unicodeScalars.append(chars[i]); i += 1
        }
        var labels: [String: String] = [:]
        func fail(_ reason: String) -> ParseError { .malformed(line: lineNumber, text: String(line), reason: reason) }
        if i < chars.count, chars[i] == "{" {
            i += 1
            while i < chars.count, chars[i] != "}" {
                var key = ""
                while i < chars.count, chars[i] != "=" { key.unicodeScalars.append(chars[i]); i += 1 }
                guard i + 1 < chars.count, chars[i + 1] == "\"" else { throw fail("label without quoted value") }
                i += 2
                var value = ""
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\" {
                        guard i + 1 < chars.count else { throw fail("dangling escape") }
                        switch chars[i + 1] {
                        case "\\": value += "\\"
                        case "\"": value += "\""
                        case "n": value += "\n"
                        default: throw fail("bad escape \\\(chars[i + 1])")
                        }
                        i += 2
                    } else {
                        value.unicodeScalars.append(chars[i]); i += 1
                    }
                }
                guard i < chars.count else { throw fail("unterminated label value") }
                i += 1  // closing quote
                guard labels[key] == nil else { throw fail("duplicate label \(key)") }
                labels[key] = value
                if i < chars.count, chars[i] == "," { i += 1 }
            }
            guard i < chars.count else { throw fail("unterminated label set") }
            i += 1
        }
        guard i < chars.count, chars[i] == " " else { throw fail("no value") }
        let rest = String(String.UnicodeScalarView(chars[(i + 1)...])).split(separator: " ")
        guard rest.count == 1 else { throw fail("timestamp or junk after value") }
        let valueText = String(rest[0])
        let value: Double
        switch valueText {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let parsed = Double(valueText) else { throw fail("bad value \(valueText)") }
            value = parsed
        }
        chars.removeAll()
        return Sample(name: name, labels: labels, value: value)
    }

    /// The samples of one metric whose labels include `labels`.
    func values(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
    }

    /// The single value of a metric with exactly these labels, or nil.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matches = samples.filter { $0.name == name && $0.labels == labels }
        return matches.count == 1 ? matches[0].value : nil
    }
}
