import Yams

/// Walks a composed YAML tree and collects every problem with its position,
/// so one run reports all errors of a file rather than the first.
struct YAMLWalker {
    /// A mapping's values by key, with the position of each key.
    struct Fields {
        var values: [String: Node] = [:]
        var keyPositions: [String: Position] = [:]
        /// The mapping itself, for errors about a missing key.
        var position: Position

        subscript(key: String) -> Node? { values[key] }
        func has(_ key: String) -> Bool { values[key] != nil }
        func position(of key: String) -> Position { keyPositions[key] ?? position }
    }

    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    let file: String
    private var found: [ConfigDiagnostic] = []

    /// Everything found, in file order.
    var diagnostics: [ConfigDiagnostic] {
        found.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    init(file: String) { self.file = file }

    static func position(_ node: Node) -> Position {
        node.mark.map { Position(line: $0.line, column: $0.column) } ?? Position(line: 1, column: 1)
    }

    mutating func error(at position: Position, _ message: String) {
        found.append(ConfigDiagnostic(file: file, line: position.line, column: position.column, message: message))
    }

    mutating func warning(at position: Position, _ message: String) {
        found.append(
            ConfigDiagnostic(file: file, line: position.line, column: position.column, severity: .warning, message: message))
    }

    mutating func error(_ node: Node, _ message: String) { error(at: Self.position(node), message) }

    /// The keys of a mapping; unknown keys are reported with the nearest valid one.
    /// `place` says where, for messages: "at the top level", "in account \"prod\"".
    mutating func fields(of node: Node, allowed: [String], what: String, place: String) -> Fields? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping of keys to values (key: value)")
            return nil
        }
        var fields = Fields(position: Self.position(node))
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error(keyNode, "keys must be plain words \(place)")
                continue
            }
            let key = scalar.string
            guard allowed.contains(key) else {
                error(keyNode, "unknown key \"\(key)\" \(place); \(Self.suggestion(for: key, among: allowed))")
                continue
            }
            fields.values[key] = value
            fields.keyPositions[key] = Self.position(keyNode)
        }
        return fields
    }

    /// A string value, or nil (reported) when the value is a list or a mapping.
    mutating func string(_ node: Node, key: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, "\(key) must be a single value, not a list or a mapping")
            return nil
        }
        return scalar.string
    }

    /// A non-empty string value.
    mutating func nonEmptyString(_ node: Node, key: String) -> String? {
        guard let text = string(node, key: key) else { return nil }
        guard !text.isEmpty, !Self.isNull(node) else {
            error(node, "\(key) is empty: give it a value")
            return nil
        }
        return text
    }

    mutating func duration(_ node: Node, key: String, atLeast minimum: Duration, orMoreThanZero: Bool = false) -> Duration? {
        guard let text = string(node, key: key) else { return nil }
        do {
            let value = try DurationParser.parse(text)
            if orMoreThanZero, value <= .zero {
                error(node, "\(key) must be more than 0s")
                return nil
            }
            if value < minimum {
                error(node, "\(key) must be at least \(DurationParser.format(minimum)), got \"\(text)\"")
                return nil
            }
            return value
        } catch {
            self.error(node, "\(key): \(error)")
            return nil
        }
    }

    mutating func integer(_ node: Node, key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, key: key) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error(node, "\(key) must be an integer from \(range.lowerBound) to \(range.upperBound), got \"\(text)\"")
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, key: String) -> Bool? {
        guard let text = string(node, key: key) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            error(node, "\(key) must be true or false, got \"\(text)\"")
            return nil
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// "did you mean ...?" when a valid key is close, else the list of valid keys.
    static func suggestion(for key: String, among allowed: [String]) -> String {
        let scored = allowed.map { ($0, editDistance(key.lowercased(), $0)) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.count / 3) {
            return "did you mean \"\(best.0)\"?"
        }
        return "valid keys here: \(allowed.joined(separator: ", "))"
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
