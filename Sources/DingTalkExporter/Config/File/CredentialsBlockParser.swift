import AlibabaCloudCore
import Foundation
import Yams

/// Maps an account's `credentials:` block onto a `CredentialsSource`.
///
/// One base kind at most (a key pair, a secret file, a CLI profile, an INI
/// credentials file, the ECS role, OIDC), optionally wrapped by
/// `ram_role_arn` (AssumeRole signed with that base, or with the default
/// chain when there is none). An omitted or empty block is the default chain.
struct CredentialsBlockParser {
    static let keys = [
        "access_key_id", "access_key_secret", "access_key_secret_file", "security_token",
        "ram_role_arn", "role_session_name", "duration_seconds", "policy", "external_id",
        "oidc_provider_arn", "oidc_token_file", "role_arn",
        "ecs_ram_role", "profile", "credentials_file",
    ]

    /// Resolves relative paths (secret, token and credentials files) against the config file's folder.
    let directory: String
    /// Permission bits of the config file, for the inline-secret warning (nil: unknown).
    let fileMode: Int?
    let configPath: String

    func parse(_ node: Node, account: String, walker: inout YAMLWalker) -> CredentialsSource? {
        if YAMLWalker.isNull(node) { return .defaultChain }
        let place = "in the credentials of account \"\(account)\""
        guard let fields = walker.fields(of: node, allowed: Self.keys, what: "credentials", place: place) else { return nil }
        if fields.values.isEmpty { return .defaultChain }
        var strings: [String: String] = [:]
        var failed = false
        for key in Self.keys where key != "duration_seconds" && key != "ecs_ram_role" {
            guard let value = fields[key] else { continue }
            // Secrets are never quoted back, whatever goes wrong with them.
            if let text = walker.nonEmptyString(value, key: key) { strings[key] = text } else { failed = true }
        }
        var duration: Int?
        if let value = fields["duration_seconds"] {
            duration = walker.integer(value, key: "duration_seconds", in: 900...43200)
            if duration == nil { failed = true }
        }
        if failed { return nil }

        let base = baseSource(fields, strings, duration: duration, walker: &walker)
        guard case .some(let baseSource) = base else { return nil }
        if let roleArn = strings["ram_role_arn"] {
            return .ramRoleArn(
                RAMRoleSpec(
                    roleArn: roleArn, roleSessionName: strings["role_session_name"] ?? "sas-dingtalk-exporter",
                    durationSeconds: duration ?? 3600, policy: strings["policy"], externalId: strings["external_id"]),
                base: baseSource ?? .defaultChain)
        }
        for key in ["role_session_name", "duration_seconds", "policy"] where fields.has(key) && !fields.has("oidc_provider_arn") {
            walker.error(at: fields.position(of: key), "\(key) needs ram_role_arn or oidc_provider_arn")
            return nil
        }
        if fields.has("external_id") {
            walker.error(at: fields.position(of: "external_id"), "external_id needs ram_role_arn")
            return nil
        }
        return baseSource ?? .defaultChain
    }

    /// The base kind named by the block: `.some(nil)` when there is none,
    /// nil when the block is wrong (reported).
    private func baseSource(
        _ fields: YAMLWalker.Fields, _ strings: [String: String], duration: Int?, walker: inout YAMLWalker
    ) -> CredentialsSource?? {
        let kinds: [(key: String, present: Bool)] = [
            ("access_key_id", fields.has("access_key_id") || fields.has("access_key_secret") || fields.has("access_key_secret_file")),
            ("oidc_provider_arn", fields.has("oidc_provider_arn") || fields.has("oidc_token_file")),
            ("ecs_ram_role", fields.has("ecs_ram_role")),
            ("profile", fields.has("profile") || fields.has("credentials_file")),
        ]
        let present = kinds.filter(\.present).map(\.key)
        if present.count > 1 {
            walker.error(
                at: fields.position, "credentials mix \(present.joined(separator: " and ")): use one kind (see the README, \"Credentials\")")
            return nil
        }
        if fields.has("role_arn"), !fields.has("oidc_provider_arn") {
            walker.error(
                at: fields.position(of: "role_arn"),
                "role_arn is for OIDC (with oidc_provider_arn and oidc_token_file); for AssumeRole use ram_role_arn")
            return nil
        }
        if fields.has("security_token"), !fields.has("access_key_secret") {
            walker.error(at: fields.position(of: "security_token"), "security_token needs access_key_id and an inline access_key_secret")
            return nil
        }
        switch present.first {
        case "access_key_id": return accessKey(fields, strings, walker: &walker)
        case "oidc_provider_arn":
            guard let provider = strings["oidc_provider_arn"], let token = strings["oidc_token_file"], let role = strings["role_arn"] else {
                walker.error(at: fields.position, "OIDC credentials need oidc_provider_arn, oidc_token_file and role_arn")
                return nil
            }
            return .some(.oidcRoleArn(OIDCRoleSpec(
                roleArn: role, oidcProviderArn: provider, oidcTokenFile: resolve(token),
                roleSessionName: strings["role_session_name"] ?? "sas-dingtalk-exporter",
                durationSeconds: duration ?? 3600,
                policy: strings["policy"])))
        case "ecs_ram_role":
            guard let node = fields["ecs_ram_role"], let name = walker.string(node, key: "ecs_ram_role") else { return nil }
            return .some(.ecsRamRole(roleName: name.isEmpty || YAMLWalker.isNull(node) ? nil : name))
        case "profile":
            if let file = strings["credentials_file"] {
                return .some(.credentialsFile(path: resolve(file), profile: strings["profile"]))
            }
            return .some(.cliProfile(name: strings["profile"]))
        default: return .some(nil)
        }
    }

    private func accessKey(_ fields: YAMLWalker.Fields, _ strings: [String: String], walker: inout YAMLWalker) -> CredentialsSource?? {
        guard let id = strings["access_key_id"] else {
            let key = fields.has("access_key_secret") ? "access_key_secret" : "access_key_secret_file"
            walker.error(at: fields.position(of: key), "\(key) needs access_key_id")
            return nil
        }
        switch (strings["access_key_secret"], strings["access_key_secret_file"]) {
        case (.some, .some):
            walker.error(at: fields.position(of: "access_key_secret_file"), "give access_key_secret or access_key_secret_file, not both")
            return nil
        case (nil, nil):
            walker.error(at: fields.position(of: "access_key_id"), "access_key_id needs access_key_secret_file (or an inline access_key_secret)")
            return nil
        case (.some(let secret), nil):
            if let fileMode, fileMode & 0o044 != 0 {
                walker.warning(
                    at: fields.position(of: "access_key_secret"),
                    "inline access_key_secret in a file others can read (mode \(String(fileMode & 0o777, radix: 8))): "
                        + "use access_key_secret_file, or chmod 600 \(configPath)")
            }
            return .some(.fixed(Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: strings["security_token"])))
        case (nil, .some(let file)):
            let path = resolve(file)
            if let problem = Self.unreadable(path) {
                walker.error(
                    at: fields.position(of: "access_key_secret_file"),
                    "access_key_secret_file \"\(path)\" \(problem): check the path and the file's permissions")
                return nil
            }
            return .some(.secretFile(accessKeyId: id, secretFile: path))
        }
    }

    /// Why the secret file cannot be used, or nil. Its content is never shown.
    static func unreadable(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 * 1024) else { return "cannot be read" }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "is empty" : nil
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).path
    }
}
