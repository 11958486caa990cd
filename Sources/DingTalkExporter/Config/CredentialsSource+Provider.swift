import AlibabaCloudCore

extension CredentialsSource {
    /// The provider for this source. Building it does no I/O; temporary
    /// credentials (STS, ECS role) come behind a refreshing cache.
    public func makeProvider(context: CredentialsContext) -> any CredentialsProvider {
        switch self {
        case .defaultChain: context.defaultChain()
        case .environment: context.environmentCredentials()
        case .fixed(let credentials): StaticCredentialsProvider(credentials, kind: kind)
        case .secretFile(let accessKeyId, let secretFile):
            SecretFileCredentialsProvider(accessKeyId: accessKeyId, secretFile: secretFile)
        case .cliProfile(let name): context.cliProfile(name: name)
        case .credentialsFile(let path, let profile): context.credentialsFile(path: path, profile: profile)
        case .ecsRamRole(let roleName): context.ecsRAMRole(roleName: roleName)
        case .oidcRoleArn(let spec): context.oidcRole(spec)
        case .ramRoleArn(let spec, let base): context.ramRole(spec, base: base.makeProvider(context: context))
        }
    }
}
