import AlibabaCloudCore

extension CredentialsSource {
    /// The provider for this source. P1-C replaces the interim cases below
    /// with the real providers (chain, OIDC, profiles, ECS role, AssumeRole).
    public func makeProvider(environment: [String: String]) -> any CredentialsProvider {
        switch self {
        case .environment, .defaultChain: EnvironmentCredentialsProvider(environment: environment)
        case .fixed(let credentials): StaticCredentialsProvider(credentials)
        case .secretFile, .cliProfile, .credentialsFile, .ecsRamRole, .oidcRoleArn, .ramRoleArn:
            InterimUnavailableProvider(kind: kind)
        }
    }
}

/// Interim (until P1-C lands): a source whose provider is not built yet.
struct InterimUnavailableProvider: CredentialsProvider {
    let kind: String
    func credentials() async throws -> Credentials {
        throw APIError(code: APIError.Code.credentialsUnavailable, message: "credentials kind \(kind) is not supported yet")
    }
}
