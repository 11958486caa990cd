import Foundation

/// The providers, built from this context. Temporary-credential sources
/// come wrapped in a `RefreshingCredentialsProvider`.
extension CredentialsContext {
    /// The ECS instance RAM role (nil name: `ALIBABA_CLOUD_ECS_METADATA`, else discovered).
    public func ecsRAMRole(roleName: String?) -> any CredentialsProvider {
        refreshing(ECSRAMRoleCredentialsProvider(
            roleName: roleName.flatMap { $0.isEmpty ? nil : $0 } ?? value(EnvironmentVariable.ecsMetadata),
            disableIMDSv1: isSet(EnvironmentVariable.imdsV1Disabled), httpClient: httpClient,
            endpoint: metadataEndpoint ?? ECSRAMRoleCredentialsProvider.defaultEndpoint, timeout: metadataTimeout,
            logger: logger))
    }

    public func oidcRole(_ parameters: OIDCRoleParameters, stsRegion: String? = nil, vpc: Bool? = nil) -> any CredentialsProvider {
        refreshing(OIDCRoleCredentialsProvider(parameters, sts: sts(region: stsRegion, vpc: vpc)))
    }

    public func ramRole(
        _ parameters: AssumeRoleParameters, base: any CredentialsProvider, stsRegion: String? = nil, vpc: Bool? = nil
    ) -> any CredentialsProvider {
        refreshing(RAMRoleARNCredentialsProvider(parameters, base: base, sts: sts(region: stsRegion, vpc: vpc)))
    }

    public func cliProfile(name: String?) -> any CredentialsProvider {
        CLIProfileCredentialsProvider(profileName: name, context: self)
    }

    public func credentialsFile(path: String?, profile: String?) -> any CredentialsProvider {
        INIFileCredentialsProvider(path: path, profile: profile, context: self)
    }

    public func environmentCredentials() -> any CredentialsProvider {
        EnvironmentCredentialsProvider(environment: environment)
    }

    /// The default chain, its links chosen by the environment switches of DESIGN section 3.
    public func defaultChain() -> any CredentialsProvider {
        var links = [DefaultCredentialsChain.Link(name: "environment", provider: environmentCredentials())]

        let oidcVariables = [EnvironmentVariable.roleArn, EnvironmentVariable.oidcProviderArn, EnvironmentVariable.oidcTokenFile]
        if let roleArn = value(EnvironmentVariable.roleArn), let providerArn = value(EnvironmentVariable.oidcProviderArn),
           let tokenFile = value(EnvironmentVariable.oidcTokenFile) {
            let parameters = OIDCRoleParameters(
                roleArn: roleArn, oidcProviderArn: providerArn, oidcTokenFile: tokenFile,
                roleSessionName: value(EnvironmentVariable.roleSessionName) ?? "sas-dingtalk-exporter")
            links.append(.init(name: "oidc_role_arn", provider: oidcRole(parameters)))
        } else {
            let missing = oidcVariables.filter { value($0) == nil }.joined(separator: ", ")
            links.append(.init(name: "oidc_role_arn", skipped: "\(missing) not set"))
        }

        if isSet(EnvironmentVariable.cliProfileDisabled) {
            links.append(.init(name: "cli_profile", skipped: "\(EnvironmentVariable.cliProfileDisabled)=true"))
        } else {
            links.append(.init(name: "cli_profile", provider: cliProfile(name: nil)))
        }

        links.append(.init(name: "credentials_file", provider: credentialsFile(path: nil, profile: nil)))

        if isSet(EnvironmentVariable.ecsMetadataDisabled) {
            links.append(.init(name: "ecs_ram_role", skipped: "\(EnvironmentVariable.ecsMetadataDisabled)=true"))
        } else {
            links.append(.init(name: "ecs_ram_role", provider: ecsRAMRole(roleName: nil)))
        }
        return DefaultCredentialsChain(links: links, logger: logger)
    }

    private func refreshing(_ source: any CredentialsProvider) -> any CredentialsProvider {
        RefreshingCredentialsProvider(source, now: now, logger: logger)
    }

    private func sts(region: String?, vpc: Bool?) -> STSClient {
        STSClient(
            httpClient: httpClient, endpoint: stsEndpoint(region: region, vpc: vpc), timeout: stsTimeout, now: now,
            logger: logger)
    }
}

extension CredentialsContext: CustomStringConvertible, CustomReflectable {
    // The captured environment may hold ALIBABA_CLOUD_ACCESS_KEY_SECRET: never show it.
    public var description: String {
        "CredentialsContext(homeDirectory: \(homeDirectory), stsEndpoint: \(stsEndpoint?.description ?? "default"), metadataEndpoint: \(metadataEndpoint?.description ?? "default"))"
    }
    public var customMirror: Mirror {
        Mirror(self, children: ["homeDirectory": homeDirectory, "stsEndpoint": stsEndpoint?.description ?? "default"], displayStyle: .struct)
    }
}
