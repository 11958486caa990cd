import Foundation

/// The first link of the default chain: `ALIBABA_CLOUD_ACCESS_KEY_ID`,
/// `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, optionally,
/// `ALIBABA_CLOUD_SECURITY_TOKEN`.
///
/// The environment is captured at `init`, so a test can pass its own and a
/// running exporter is not surprised by later `setenv` calls.
public struct EnvironmentCredentialsProvider: CredentialsProvider {
    public static let accessKeyIdVariable = EnvironmentVariable.accessKeyId
    public static let accessKeySecretVariable = EnvironmentVariable.accessKeySecret
    public static let securityTokenVariable = EnvironmentVariable.securityToken

    private let accessKeyId: String?
    private let accessKeySecret: String?
    private let securityToken: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        accessKeyId = environment[Self.accessKeyIdVariable]
        accessKeySecret = environment[Self.accessKeySecretVariable]
        securityToken = environment[Self.securityTokenVariable]
    }

    /// Throws `CredentialsUnavailable` naming the missing variables (never a value).
    public func credentials() async throws -> Credentials {
        let missing = [
            (Self.accessKeyIdVariable, accessKeyId), (Self.accessKeySecretVariable, accessKeySecret),
        ].filter { $0.1?.isEmpty ?? true }.map(\.0)
        guard missing.isEmpty, let accessKeyId, let accessKeySecret else {
            throw APIError.credentialsUnavailable("environment variable(s) not set or empty: \(missing.joined(separator: ", "))")
        }
        let token = securityToken.flatMap { $0.isEmpty ? nil : $0 }
        return Credentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret, securityToken: token, providerName: kind)
    }

    public var kind: String { "environment" }
}

extension EnvironmentCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String { "EnvironmentCredentialsProvider()" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
