import AlibabaCloudCore

/// Where an account's credentials come from. A seam: the full default chain
/// (OIDC, profiles, ECS role) and `ram_role_arn` arrive as more cases later.
public enum CredentialsSource: Sendable {
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / optional `_SECURITY_TOKEN`.
    case environment
    /// A fixed key pair (the demo, tests; later the config file).
    case fixed(Credentials)

    public func makeProvider(environment: [String: String]) -> any CredentialsProvider {
        switch self {
        case .environment: EnvironmentCredentialsProvider(environment: environment)
        case .fixed(let credentials): StaticCredentialsProvider(credentials)
        }
    }
}
