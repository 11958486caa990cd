import AlibabaCloudCore
import Foundation
import Yams

/// Reads `--config.file`: strict YAML (unknown keys rejected with the nearest
/// valid key), every error of the file reported at once with its line and
/// column, settings resolved with the precedence of DESIGN section 6: the
/// account's key, then a flag given on the command line (`flags`), then the
/// file's global key, then the built-in default.
public enum ConfigFileLoader {
    static let settingKeys = [
        "region", "endpoint", "poll_interval", "page_size", "rule_action_name", "signature_version",
        "request_timeout", "max_retries",
    ]
    static let globalKeys = settingKeys + ["notification_details", "max_concurrent_polls", "accounts"]
    static let accountKeys = ["name"] + settingKeys + ["credentials"]

    public static func load(path: String, flags: AccountSettings = AccountSettings()) throws(ConfigLoadError) -> LoadedConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = error.localizedDescription
            throw ConfigLoadError(file: path, diagnostics: [
                ConfigDiagnostic(file: path, line: 0, column: 0, message: "cannot read the config file: \(reason)")
            ])
        }
        let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(text: text, file: path, flags: flags, directory: directory, fileMode: mode)
    }

    public static func parse(
        text: String, file: String, flags: AccountSettings = AccountSettings(), directory: String, fileMode: Int? = nil
    ) throws(ConfigLoadError) -> LoadedConfig {
        var walker = YAMLWalker(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigLoadError(file: file, diagnostics: [syntaxError(error, file: file)])
        }
        guard let root else {
            throw ConfigLoadError(file: file, diagnostics: [
                ConfigDiagnostic(file: file, line: 1, column: 1, message: "the config file is empty: list the accounts under accounts:")
            ])
        }
        let loaded = walk(root, flags: flags, walker: &walker, credentials: CredentialsBlockParser(
            directory: directory, fileMode: fileMode, configPath: file))
        let warnings = walker.diagnostics.filter { $0.severity == .warning }
        guard var loaded, walker.diagnostics.allSatisfy({ $0.severity == .warning }) else {
            throw ConfigLoadError(file: file, diagnostics: walker.diagnostics)
        }
        loaded.warnings = warnings
        loaded.file = file
        return loaded
    }

    private static func walk(
        _ root: Node, flags: AccountSettings, walker: inout YAMLWalker, credentials: CredentialsBlockParser
    ) -> LoadedConfig? {
        guard let fields = walker.fields(of: root, allowed: globalKeys, what: "the config file", place: "at the top level") else {
            return nil
        }
        let global = settings(fields, walker: &walker)
        let details = fields["notification_details"].flatMap { walker.bool($0, key: "notification_details") }
        let concurrency = fields["max_concurrent_polls"].flatMap { walker.integer($0, key: "max_concurrent_polls", in: 1...1000) }
        guard let accountsNode = fields["accounts"] else {
            walker.error(at: fields.position, "no accounts: list them under accounts: (each with at least a name)")
            return nil
        }
        guard case .sequence(let sequence) = accountsNode, !sequence.isEmpty else {
            walker.error(accountsNode, "accounts must be a list with at least one account (- name: ...)")
            return nil
        }
        var accounts: [AccountConfig] = []
        var seen: [String: YAMLWalker.Position] = [:]
        for node in sequence {
            let placeName = node.mapping?["name"]?.scalar?.string ?? "without a name"
            let place = placeName == "without a name" ? "in an account without a name" : "in account \"\(placeName)\""
            guard let accountFields = walker.fields(of: node, allowed: accountKeys, what: "an account", place: place) else { continue }
            let name = accountName(accountFields, seen: &seen, walker: &walker)
            let own = settings(accountFields, walker: &walker)
            let source = accountFields["credentials"].map { credentials.parse($0, account: placeName, walker: &walker) }
                ?? .defaultChain
            if let name, let source {
                accounts.append(own.overlaid(on: flags).overlaid(on: global).resolve(name: name, credentials: source))
            }
        }
        return LoadedConfig(accounts: accounts, notificationDetails: details, maxConcurrentPolls: concurrency)
    }

    /// The account's `name`: present, a valid label value, unique in the file.
    private static func accountName(
        _ fields: YAMLWalker.Fields, seen: inout [String: YAMLWalker.Position], walker: inout YAMLWalker
    ) -> String? {
        guard let node = fields["name"] else {
            walker.error(at: fields.position, "account without a name: add name: (its account label, e.g. prod)")
            return nil
        }
        guard let name = walker.nonEmptyString(node, key: "name") else { return nil }
        let position = YAMLWalker.position(node)
        guard AccountName.isValid(name) else {
            walker.error(at: position, "account name \"\(name.debugDescriptionContent)\" is not a valid label value: \(AccountName.rule)")
            return nil
        }
        if let first = seen[name] {
            walker.error(
                at: position,
                "duplicate account name \"\(name)\" (first at line \(first.line), column \(first.column)): names must be unique")
            return nil
        }
        seen[name] = position
        return name
    }

    /// The setting keys of one level (the top level or an account).
    private static func settings(_ fields: YAMLWalker.Fields, walker: inout YAMLWalker) -> AccountSettings {
        var settings = AccountSettings()
        if fields.has("region"), fields.has("endpoint") {
            walker.error(
                at: fields.position(of: "endpoint"),
                "both region and endpoint are set: keep one (endpoint for a proxy or a test server, region otherwise)")
        } else if let node = fields["region"], let region = walker.nonEmptyString(node, key: "region") {
            if AccountName.isRegion(region) {
                settings.location = .region(region)
            } else {
                walker.error(node, "region \"\(region)\" is not a region ID like cn-shanghai or ap-southeast-1")
            }
        } else if let node = fields["endpoint"], let url = walker.nonEmptyString(node, key: "endpoint") {
            if let endpoint = Endpoint(url: url) {
                settings.location = .endpoint(endpoint)
            } else {
                walker.error(node, "endpoint \"\(url)\" is not a URL like https://tds.cn-shanghai.aliyuncs.com (http:// allowed)")
            }
        }
        settings.pollInterval = fields["poll_interval"].flatMap { walker.duration($0, key: "poll_interval", atLeast: .seconds(1)) }
        settings.pageSize = fields["page_size"].flatMap { walker.integer($0, key: "page_size", in: 1...1000) }
        settings.ruleActionName = fields["rule_action_name"].flatMap { walker.string($0, key: "rule_action_name") }
        settings.requestTimeout = fields["request_timeout"].flatMap {
            walker.duration($0, key: "request_timeout", atLeast: .zero, orMoreThanZero: true)
        }
        settings.maxRetries = fields["max_retries"].flatMap { walker.integer($0, key: "max_retries", in: 0...10) }
        if let node = fields["signature_version"], let text = walker.string(node, key: "signature_version") {
            if let version = SignatureVersion(rawValue: text) {
                settings.signatureVersion = version
            } else {
                walker.error(node, "signature_version must be v3 or v1, got \"\(text)\"")
            }
        }
        return settings
    }

    /// A YAML syntax error as one diagnostic at its position.
    private static func syntaxError(_ error: any Error, file: String) -> ConfigDiagnostic {
        guard let yaml = error as? YamlError else {
            return ConfigDiagnostic(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let where_ = context.map { " (\($0.text))" } ?? ""
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)\(where_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigDiagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in one mapping: keep one")
        default:
            return ConfigDiagnostic(file: file, line: 1, column: 1, message: "not valid YAML: \(yaml)")
        }
    }
}
