/// One problem found in a config file, with where it is and what to do.
/// Messages never quote a secret value, only key names and non-secret values.
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE`, the compilers' format editors jump
    /// to; line 0 is the file as a whole (it cannot be read).
    public var description: String {
        line == 0 ? "\(file): \(severity.rawValue): \(message)" : "\(file):\(line):\(column): \(severity.rawValue): \(message)"
    }
}

/// A config file that cannot be used: every error of the file at once.
public struct ConfigLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// Errors and warnings in file order.
    public var diagnostics: [ConfigDiagnostic]

    public init(file: String, diagnostics: [ConfigDiagnostic]) {
        self.file = file
        self.diagnostics = diagnostics
    }

    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        let count = errors.count
        let header = "config file \(file) is invalid (\(count) error\(count == 1 ? "" : "s"))"
        return ([header] + diagnostics.map(\.description)).joined(separator: "\n")
    }
}
