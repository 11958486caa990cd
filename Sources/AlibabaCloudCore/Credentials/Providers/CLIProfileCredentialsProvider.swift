import Foundation

/// A profile of the Alibaba Cloud CLI's `~/.aliyun/config.json`: the one
/// named, else `ALIBABA_CLOUD_PROFILE`, else the file's `current`. Modes `AK`,
/// `StsToken`, `RamRoleArn`, `EcsRamRole`, `OIDC` and `ChainableRamRoleArn`
/// (a role assumed with another profile's credentials).
public struct CLIProfileCredentialsProvider: CredentialsProvider {
    private let profileName: String?
    private let context: CredentialsContext
    private let resolved = ResolvedProvider()

    init(profileName: String?, context: CredentialsContext) {
        self.profileName = profileName.flatMap { $0.isEmpty ? nil : $0 } ?? context.value(EnvironmentVariable.profile)
        self.context = context
    }

    public var kind: String { "cli_profile" }

    var path: String { (context.homeDirectory as NSString).appendingPathComponent(".aliyun/config.json") }

    public func credentials() async throws -> Credentials {
        try await resolved.credentials(kind: kind) { () throws(APIError) in try build() }
    }

    private func build() throws(APIError) -> any CredentialsProvider {
        let text = try FileText.read(path, what: "CLI configuration")
        let configuration: CLIConfiguration
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            configuration = try decoder.decode(CLIConfiguration.self, from: Data(text.utf8))
        } catch {
            throw APIError.credentialsUnavailable("cli_profile: \(path) is not a CLI configuration (\(type(of: error)))")
        }
        guard let name = profileName ?? configuration.current, !name.isEmpty else {
            throw APIError.credentialsUnavailable("cli_profile: \(path) names no current profile")
        }
        return try provider(for: name, in: configuration, depth: 0)
    }

    private func provider(for name: String, in configuration: CLIConfiguration, depth: Int) throws(APIError) -> any CredentialsProvider {
        guard let profile = configuration.profiles?.first(where: { $0.name == name }) else {
            throw APIError.credentialsUnavailable("cli_profile: no profile \(name) in \(path)")
        }
        func required(_ value: String?, _ key: String) throws(APIError) -> String {
            guard let value, !value.isEmpty else {
                throw APIError.credentialsUnavailable("cli_profile: profile \(name) (mode \(profile.mode ?? "")) has no \(key)")
            }
            return value
        }
        func accessKey(kind: String = "access_key") throws(APIError) -> any CredentialsProvider {
            StaticCredentialsProvider(
                Credentials(accessKeyId: try required(profile.accessKeyId, "access_key_id"),
                            accessKeySecret: try required(profile.accessKeySecret, "access_key_secret")),
                kind: kind)
        }
        func assumeRole(base: any CredentialsProvider) throws(APIError) -> any CredentialsProvider {
            context.ramRole(
                AssumeRoleParameters(
                    roleArn: try required(profile.ramRoleArn, "ram_role_arn"),
                    roleSessionName: profile.ramSessionName.flatMap { $0.isEmpty ? nil : $0 } ?? "sas-dingtalk-exporter",
                    durationSeconds: profile.expiredSeconds.flatMap { $0 > 0 ? $0 : nil } ?? 3600,
                    policy: profile.policy.flatMap { $0.isEmpty ? nil : $0 },
                    externalId: profile.externalId.flatMap { $0.isEmpty ? nil : $0 }),
                base: base, stsRegion: profile.stsRegion, vpc: profile.enableVpc)
        }
        switch profile.mode ?? "AK" {
        case "AK":
            return try accessKey()
        case "StsToken":
            return StaticCredentialsProvider(
                Credentials(accessKeyId: try required(profile.accessKeyId, "access_key_id"),
                            accessKeySecret: try required(profile.accessKeySecret, "access_key_secret"),
                            securityToken: try required(profile.stsToken, "sts_token")),
                kind: "sts_token")
        case "RamRoleArn":
            return try assumeRole(base: accessKey())
        case "ChainableRamRoleArn":
            guard depth < 8 else { throw APIError.credentialsUnavailable("cli_profile: source_profile chain too long at \(name)") }
            let source = try required(profile.sourceProfile, "source_profile")
            return try assumeRole(base: provider(for: source, in: configuration, depth: depth + 1))
        case "EcsRamRole":
            return context.ecsRAMRole(roleName: profile.ramRoleName)
        case "OIDC":
            return context.oidcRole(
                OIDCRoleParameters(
                    roleArn: try required(profile.ramRoleArn, "ram_role_arn"),
                    oidcProviderArn: try required(profile.oidcProviderArn, "oidc_provider_arn"),
                    oidcTokenFile: try required(profile.oidcTokenFile, "oidc_token_file"),
                    roleSessionName: profile.ramSessionName.flatMap { $0.isEmpty ? nil : $0 } ?? "sas-dingtalk-exporter",
                    durationSeconds: profile.expiredSeconds.flatMap { $0 > 0 ? $0 : nil } ?? 3600,
                    policy: profile.policy.flatMap { $0.isEmpty ? nil : $0 }),
                stsRegion: profile.stsRegion, vpc: profile.enableVpc)
        case let mode:
            throw APIError.credentialsUnavailable("cli_profile: profile \(name) has mode \(mode), which is not supported")
        }
    }
}

/// The parts of `~/.aliyun/config.json` credentials need (snake_case in the file).
struct CLIConfiguration: Decodable {
    struct Profile: Decodable {
        var name: String?
        var mode: String?
        var accessKeyId: String?
        var accessKeySecret: String?
        var stsToken: String?
        var ramRoleArn: String?
        var ramSessionName: String?
        var expiredSeconds: Int?
        var ramRoleName: String?
        var oidcProviderArn: String?
        var oidcTokenFile: String?
        var sourceProfile: String?
        var policy: String?
        var externalId: String?
        var stsRegion: String?
        var enableVpc: Bool?
    }

    var current: String?
    var profiles: [Profile]?
}

extension CLIProfileCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String { "CLIProfileCredentialsProvider(profile: \(profileName ?? "current"), path: \(path))" }
    public var customMirror: Mirror {
        Mirror(self, children: ["profile": profileName ?? "current", "path": path], displayStyle: .struct)
    }
}
