/// A web config that cannot be used: where (file, line, column when the YAML
/// says) and why. Never carries a secret: neither key text nor password hashes.
public struct WebConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "web config \(location): \(message)"
    }
}
