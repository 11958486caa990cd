import Foundation

/// An access key id with its secret in a file, as Kubernetes mounts a
/// secret. The file is read at every call (it is tiny, and a rotated secret
/// then takes effect at the next request); one trailing new line is trimmed.
public struct SecretFileCredentialsProvider: CredentialsProvider {
    private let accessKeyId: String
    private let secretFile: String

    public init(accessKeyId: String, secretFile: String) {
        self.accessKeyId = accessKeyId
        self.secretFile = secretFile
    }

    public var kind: String { "access_key_secret_file" }

    public func credentials() async throws -> Credentials {
        let secret = try FileText.read(secretFile, what: "access key secret file")
        guard !secret.isEmpty else { throw APIError.credentialsUnavailable("access key secret file \(secretFile) is empty") }
        return Credentials(accessKeyId: accessKeyId, accessKeySecret: secret, providerName: kind)
    }
}

extension SecretFileCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String { "SecretFileCredentialsProvider(accessKeyId: \(accessKeyId), secretFile: \(secretFile))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyId": accessKeyId, "secretFile": secretFile], displayStyle: .struct)
    }
}
