/// Always the same credentials: a key pair from flags or the config file.
public struct StaticCredentialsProvider: CredentialsProvider {
    private let value: Credentials

    public init(_ credentials: Credentials) {
        self.value = credentials
    }

    public func credentials() async throws -> Credentials { value }

    public var kind: String { "static" }
}

extension StaticCredentialsProvider: CustomStringConvertible {
    public var description: String { "StaticCredentialsProvider(accessKeyId: \(value.accessKeyId))" }
}
