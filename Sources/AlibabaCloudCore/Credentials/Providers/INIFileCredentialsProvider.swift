import Foundation

/// A section of the INI credentials file (`ALIBABA_CLOUD_CREDENTIALS_FILE`
/// or `~/.alibabacloud/credentials.ini`; section `ALIBABA_CLOUD_PROFILE` or
/// `default`) with `type = access_key | ram_role_arn | oidc_role_arn | ecs_ram_role`.
/// A section with `enable = false` is skipped, as in the SDKs.
public struct INIFileCredentialsProvider: CredentialsProvider {
    private let path: String
    private let section: String
    private let context: CredentialsContext
    private let resolved = ResolvedProvider()

    init(path: String?, profile: String?, context: CredentialsContext) {
        self.path = path.flatMap { $0.isEmpty ? nil : $0 } ?? context.value(EnvironmentVariable.credentialsFile)
            ?? (context.homeDirectory as NSString).appendingPathComponent(".alibabacloud/credentials.ini")
        self.section = profile.flatMap { $0.isEmpty ? nil : $0 } ?? context.value(EnvironmentVariable.profile) ?? "default"
        self.context = context
    }

    public var kind: String { "credentials_file" }

    public func credentials() async throws -> Credentials {
        try await resolved.credentials(kind: kind) { () throws(APIError) in try build() }
    }

    private func build() throws(APIError) -> any CredentialsProvider {
        let file = INIFile(parsing: try FileText.read(path, what: "credentials file"))
        guard let values = file.sections[section] else {
            throw APIError.credentialsUnavailable("credentials_file: no section [\(section)] in \(path)")
        }
        guard values["enable"]?.lowercased() != "false" else {
            throw APIError.credentialsUnavailable("credentials_file: section [\(section)] of \(path) has enable = false")
        }
        func required(_ key: String) throws(APIError) -> String {
            guard let value = values[key], !value.isEmpty else {
                throw APIError.credentialsUnavailable("credentials_file: section [\(section)] of \(path) has no \(key)")
            }
            return value
        }
        func optional(_ key: String) -> String? { values[key].flatMap { $0.isEmpty ? nil : $0 } }
        func accessKey() throws(APIError) -> any CredentialsProvider {
            StaticCredentialsProvider(
                Credentials(accessKeyId: try required("access_key_id"), accessKeySecret: try required("access_key_secret")),
                kind: "access_key")
        }
        switch values["type"] ?? "" {
        case "access_key":
            return try accessKey()
        case "ram_role_arn":
            return context.ramRole(
                AssumeRoleParameters(
                    roleArn: try required("role_arn"), roleSessionName: optional("role_session_name") ?? "sas-dingtalk-exporter",
                    durationSeconds: optional("duration_seconds").flatMap(Int.init) ?? 3600,
                    policy: optional("policy"), externalId: optional("external_id")),
                base: try accessKey())
        case "oidc_role_arn":
            return context.oidcRole(OIDCRoleParameters(
                roleArn: try required("role_arn"), oidcProviderArn: try required("oidc_provider_arn"),
                oidcTokenFile: try required("oidc_token_file_path"),
                roleSessionName: optional("role_session_name") ?? "sas-dingtalk-exporter",
                durationSeconds: optional("duration_seconds").flatMap(Int.init) ?? 3600, policy: optional("policy")))
        case "ecs_ram_role":
            return context.ecsRAMRole(roleName: optional("role_name"))
        case let type:
            throw APIError.credentialsUnavailable(
                "credentials_file: section [\(section)] of \(path) has type \"\(type)\"; expected access_key, ram_role_arn, oidc_role_arn or ecs_ram_role")
        }
    }
}

extension INIFileCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String { "INIFileCredentialsProvider(path: \(path), section: \(section))" }
    public var customMirror: Mirror { Mirror(self, children: ["path": path, "section": section], displayStyle: .struct) }
}
