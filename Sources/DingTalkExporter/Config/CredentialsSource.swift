import AlibabaCloudCore

/// Where an account's credentials come from: the default chain, or one
/// source named in the config file. Resolved into a provider at start (and
/// on reload); building one does no I/O.
public indirect enum CredentialsSource: Sendable, Equatable {
    /// The official SDKs' default chain: environment, OIDC (RRSA), CLI
    /// profile, INI credentials file, ECS instance RAM role.
    case defaultChain
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / optional `_SECURITY_TOKEN` only.
    case environment
    /// A fixed key pair (inline in the config file, the demo, tests).
    case fixed(Credentials)
    /// An access key id with its secret read from a file (a Kubernetes
    /// secret); the file is re-read when it changes, trailing new line trimmed.
    case secretFile(accessKeyId: String, secretFile: String)
    /// A profile of the Alibaba Cloud CLI's `~/.aliyun/config.json`
    /// (nil: `ALIBABA_CLOUD_PROFILE` or the file's `current`).
    case cliProfile(name: String?)
    /// A section of the INI credentials file (nil path:
    /// `ALIBABA_CLOUD_CREDENTIALS_FILE` or `~/.alibabacloud/credentials.ini`;
    /// nil profile: `ALIBABA_CLOUD_PROFILE` or `default`).
    case credentialsFile(path: String?, profile: String?)
    /// The ECS instance RAM role from the metadata service (nil: discovered).
    case ecsRamRole(roleName: String?)
    /// STS `AssumeRoleWithOIDC` (RRSA on ACK).
    case oidcRoleArn(OIDCRoleSpec)
    /// STS `AssumeRole` signed with the base source's credentials
    /// (cross-account monitoring).
    case ramRoleArn(RAMRoleSpec, base: CredentialsSource)

    /// A short label for logs, the landing page and `--config.check`. Never a secret.
    public var kind: String {
        switch self {
        case .defaultChain: "default_chain"
        case .environment: "environment"
        case .fixed: "access_key"
        case .secretFile: "access_key_secret_file"
        case .cliProfile: "cli_profile"
        case .credentialsFile: "credentials_file"
        case .ecsRamRole: "ecs_ram_role"
        case .oidcRoleArn: "oidc_role_arn"
        case .ramRoleArn: "ram_role_arn"
        }
    }
}

/// `AssumeRole` parameters of a `ram_role_arn` source (defined beside the provider that uses them).
public typealias RAMRoleSpec = AssumeRoleParameters

/// `AssumeRoleWithOIDC` parameters of an `oidc_role_arn` source.
public typealias OIDCRoleSpec = OIDCRoleParameters
