/// Always the same credentials: a key pair (with an STS token, maybe) from
/// flags, the config file or a CLI profile.
public struct StaticCredentialsProvider: CredentialsProvider {
    private let value: Credentials
    public let kind: String

    public init(_ credentials: Credentials, kind: String = "static") {
        self.value = credentials.named(kind)
        self.kind = kind
    }

    public func credentials() async throws -> Credentials { value }
}

extension StaticCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String { "StaticCredentialsProvider(accessKeyId: \(value.accessKeyId))" }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyId": value.accessKeyId], displayStyle: .struct) }
}
