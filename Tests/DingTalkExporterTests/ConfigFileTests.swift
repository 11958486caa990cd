import AlibabaCloudCore
import DingTalkExporter
import Foundation
import Testing

/// `--config.file`: one fixture per invalid config, each with its exact
/// messages (line and column included), in the style of blackbox_exporter's
/// `config/testdata/invalid-*.yml`; valid fixtures resolve as documented.
@Suite("Config file")
struct ConfigFileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ConfigFixtures")
    static let valid = "valid keys here: name, region, endpoint, poll_interval, page_size, rule_action_name, signature_version, request_timeout, max_retries, credentials"
    static let durationHelp = "use a number with a unit, e.g. 500ms, 30s, 2m, 1h30m"
    static let urlHelp = "is not a URL like https://tds.cn-shanghai.aliyuncs.com (http:// allowed)"

    /// Fixture -> every error, as `line:column: message` (`{dir}` is the fixtures folder).
    static let invalid: [(String, [String])] = [
        ("invalid-unknown-key.yml", [#"1:1: unknown key "pol_interval" at the top level; did you mean "poll_interval"?"#]),
        ("invalid-unknown-account-key.yml", [#"3:5: unknown key "regoin" in account "prod"; did you mean "region"?"#]),
        ("invalid-unknown-credentials-key.yml", [
            #"4:7: unknown key "access_key" in the credentials of account "prod"; did you mean "access_key_id"?"#,
        ]),
        ("invalid-unknown-key-far.yml", [#"3:5: unknown key "colour" in account "prod"; "# + valid]),
        ("invalid-duplicate-name.yml", [#"4:11: duplicate account name "prod" (first at line 2, column 11): names must be unique"#]),
        ("invalid-empty-name.yml", ["2:11: name is empty: give it a value"]),
        ("invalid-missing-name.yml", ["2:5: account without a name: add name: (its account label, e.g. prod)"]),
        ("invalid-name-label.yml", [
            #"2:11: account name "prod west" is not a valid label value: use 1 to 64 letters, digits, '_', '-', '.' or ':', starting with a letter or a digit"#,
        ]),
        ("invalid-duration.yml", [#"1:16: poll_interval: invalid duration "soon": "# + durationHelp]),
        ("invalid-duration-short.yml", [#"3:20: poll_interval must be at least 1s, got "500ms""#]),
        ("invalid-timeout-zero.yml", ["1:18: request_timeout must be more than 0s"]),
        ("invalid-url.yml", [#"3:15: endpoint "ftp://tds.cn-shanghai.aliyuncs.com" "# + urlHelp]),
        ("invalid-region.yml", [#"3:13: region "Shanghai" is not a region ID like cn-shanghai or ap-southeast-1"#]),
        ("invalid-region-and-endpoint.yml", [
            "4:5: both region and endpoint are set: keep one (endpoint for a proxy or a test server, region otherwise)",
        ]),
        ("invalid-secret-file.yml", [
            #"5:7: access_key_secret_file "{dir}/no-such-secret" does not exist: check the path and the file's permissions"#,
        ]),
        ("invalid-secret-and-file.yml", ["6:7: give access_key_secret or access_key_secret_file, not both"]),
        ("invalid-key-without-secret.yml", ["4:7: access_key_id needs access_key_secret_file (or an inline access_key_secret)"]),
        ("invalid-credentials-mixed.yml", [#"4:7: credentials mix ecs_ram_role and profile: use one kind (see the README, "Credentials")"#]),
        ("invalid-role-arn-without-oidc.yml", [
            "4:7: role_arn is for OIDC (with oidc_provider_arn and oidc_token_file); for AssumeRole use ram_role_arn",
        ]),
        ("invalid-duration-seconds.yml", [#"5:25: duration_seconds must be an integer from 900 to 43200, got "60""#]),
        ("invalid-page-size.yml", [#"1:12: page_size must be an integer from 1 to 1000, got "5000""#]),
        ("invalid-signature.yml", [#"1:20: signature_version must be v3 or v1, got "v2""#]),
        ("invalid-no-accounts.yml", ["1:1: no accounts: list them under accounts: (each with at least a name)"]),
        ("invalid-empty-accounts.yml", ["1:11: accounts must be a list with at least one account (- name: ...)"]),
        ("invalid-yaml-syntax.yml", ["3:4: not valid YAML: did not find expected '-' indicator (while parsing a block collection)"]),
        ("invalid-duplicate-key.yml", [#"3:5: duplicate key "region" in one mapping: keep one"#]),
        ("invalid-many-errors.yml", [
            #"1:16: poll_interval: invalid duration "1 minute": "# + durationHelp,
            #"2:23: max_concurrent_polls must be an integer from 1 to 1000, got "0""#,
            #"5:15: endpoint "not a url" "# + urlHelp,
            #"6:11: duplicate account name "prod" (first at line 4, column 11): names must be unique"#,
            #"7:16: page_size must be an integer from 1 to 1000, got "big""#,
            "10:7: access_key_secret needs access_key_id",
        ]),
    ]

    @Test("an invalid config is refused with every error, each with its line, column and what to do", arguments: invalid)
    func invalidFixture(_ name: String, _ expected: [String]) throws {
        let path = Self.fixtures.appendingPathComponent(name).path
        let error = try #require(throws: ConfigLoadError.self) { try ConfigFileLoader.load(path: path) }
        let dir = Self.fixtures.path
        #expect(error.errors.map { "\($0.line):\($0.column): \($0.message)" } == expected.map { $0.replacingOccurrences(of: "{dir}", with: dir) })
        #expect(error.errors.allSatisfy { $0.file == path })
        // The whole report: a header, then one compiler-style line per error; never a secret.
        let lines = error.description.split(separator: "\n")
        #expect(lines.first == "config file \(path) is invalid (\(expected.count) error\(expected.count == 1 ? "" : "s"))")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\(path):") && $0.contains(": error: ") })
        #expect(!error.description.contains("DO-NOT-LEAK"))
        #expect(!error.description.contains("LTAI-not-a-real-key"))
    }

    @Test("every invalid fixture in the folder has its row in the table")
    func everyFixtureIsInTheTable() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasPrefix("invalid-") }
        #expect(Set(files) == Set(Self.invalid.map(\.0)))
    }

    @Test("a missing config file is one error naming it")
    func missingFile() throws {
        let error = try #require(throws: ConfigLoadError.self) { try ConfigFileLoader.load(path: "/nonexistent/exporter.yml") }
        #expect(error.errors.count == 1)
        #expect(error.description.contains("/nonexistent/exporter.yml: error: cannot read the config file"))
    }

    @Test("the full fixture maps every setting and every credential kind, with the documented precedence")
    func validFull() throws {
        let path = Self.fixtures.appendingPathComponent("valid-full.yml").path
        let loaded = try ConfigFileLoader.load(path: path)
        #expect(loaded.accounts.map(\.name) == ["prod", "intl", "ack", "ecs", "cli", "ini", "chain"])
        #expect(loaded.notificationDetails == false)
        #expect(loaded.maxConcurrentPolls == 2)
        let accounts = Dictionary(uniqueKeysWithValues: loaded.accounts.map { ($0.name, $0) })
        let prod = try #require(accounts["prod"])
        #expect(prod.endpoint == Endpoint(host: "tds.cn-shanghai.aliyuncs.com"))
        #expect(prod.pollInterval == .seconds(30))
        #expect(prod.pageSize == 50)
        #expect(prod.signatureVersion == .v1)
        #expect(prod.requestTimeout == .seconds(5))
        #expect(prod.maxRetries == 2)
        #expect(prod.credentials == .secretFile(accessKeyId: "LTAI-prod", secretFile: Self.fixtures.appendingPathComponent("secret.txt").path))
        let intl = try #require(accounts["intl"])
        #expect(intl.endpoint == Endpoint(scheme: "http", host: "127.0.0.1", port: 8080))
        #expect(intl.signatureVersion == .v3)
        #expect(intl.pollInterval == .seconds(120))
        #expect(intl.ruleActionName == "Vulnerability alerts")
        #expect(intl.credentials == .ramRoleArn(
            RAMRoleSpec(roleArn: "acs:ram::123456789:role/sas-readonly", roleSessionName: "monitoring", durationSeconds: 1800, externalId: "abc"),
            base: .defaultChain))
        #expect(accounts["ack"]?.credentials == .oidcRoleArn(OIDCRoleSpec(
            roleArn: "acs:ram::123456789:role/sas-readonly", oidcProviderArn: "acs:ram::123456789:oidc-provider/ack-rrsa",
            oidcTokenFile: "/var/run/secrets/tokens/oidc-token")))
        // The file's global region applies where an account names none.
        #expect(accounts["ack"]?.endpoint == Endpoint(host: "tds.ap-southeast-1.aliyuncs.com"))
        #expect(accounts["ecs"]?.credentials == .ecsRamRole(roleName: nil))
        #expect(accounts["cli"]?.credentials == .cliProfile(name: "monitoring"))
        #expect(accounts["ini"]?.credentials == .credentialsFile(path: "/etc/alibabacloud/credentials.ini", profile: "sas"))
        #expect(accounts["chain"]?.credentials == .defaultChain)
    }

    @Test("precedence: the account's key, then a flag given, then the file's global key, then the default")
    func precedence() throws {
        let text = """
            poll_interval: 2m
            page_size: 50
            accounts:
              - name: own
                poll_interval: 30s
              - name: inherits

            """
        let flags = AccountSettings(location: .region("ap-southeast-1"), pollInterval: .seconds(90))
        let loaded = try ConfigFileLoader.parse(text: text, file: "inline.yml", flags: flags, directory: "/")
        #expect(loaded.accounts.map(\.pollInterval) == [.seconds(30), .seconds(90)])
        #expect(loaded.accounts.map(\.pageSize) == [50, 50])
        #expect(loaded.accounts.map(\.endpoint.host) == ["tds.ap-southeast-1.aliyuncs.com", "tds.ap-southeast-1.aliyuncs.com"])
        #expect(loaded.accounts.map(\.maxRetries) == [3, 3])
        #expect(loaded.accounts.map(\.requestTimeout) == [.seconds(10), .seconds(10)])
    }

    @Test("an inline secret in a file others can read is a warning, not an error", arguments: [(0o644, true), (0o600, false)])
    func inlineSecretWarning(_ mode: Int, _ warns: Bool) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("inline-\(UUID().uuidString).yml").path
        let text = "accounts:\n  - name: prod\n    credentials:\n      access_key_id: LTAI-x\n      access_key_secret: s3cret-DO-NOT-LEAK\n"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try ConfigFileLoader.load(path: path)
        #expect(loaded.accounts.first?.credentials == .fixed(Credentials(accessKeyId: "LTAI-x", accessKeySecret: "s3cret-DO-NOT-LEAK")))
        let expected = warns
            ? ["5:7: inline access_key_secret in a file others can read (mode 644): use access_key_secret_file, or chmod 600 \(path)"]
            : []
        #expect(loaded.warnings.map { "\($0.line):\($0.column): \($0.message)" } == expected)
        #expect(loaded.warnings.allSatisfy { $0.severity == .warning && !$0.description.contains("DO-NOT-LEAK") })
    }

    @Test("a loaded config shows no secret in dump(), description or the summary")
    func noSecretInDump() throws {
        let text = "accounts:\n  - name: prod\n    credentials:\n      access_key_id: LTAI-x\n      access_key_secret: s3cret-DO-NOT-LEAK\n      security_token: token-DO-NOT-LEAK\n"
        let loaded = try ConfigFileLoader.parse(text: text, file: "inline.yml", directory: "/")
        var dumped = ""
        dump(loaded, to: &dumped)
        let summary = ConfigSummary.lines(loaded, shard: nil, selected: loaded.accounts).joined(separator: "\n")
        for output in [dumped, "\(loaded)", String(reflecting: loaded), summary] {
            #expect(!output.contains("DO-NOT-LEAK"))
        }
        #expect(summary.contains("account prod: endpoint https://tds.cn-shanghai.aliyuncs.com, signature v3, credentials access_key, interval 1m"))
    }

    @Test("a shard takes every account whose FNV-1a hash falls on it: each account on exactly one replica")
    func shards() throws {
        let names = (0..<200).map { "account-\($0)" }
        let accounts = names.map { AccountConfig(name: $0, endpoint: Endpoint(host: "example.com")) }
        let shards = try (0..<3).map { try ConfigShard(index: $0, count: 3).select(accounts).map(\.name) }
        #expect(shards.flatMap { $0 }.sorted() == names.sorted())
        #expect(Set(shards[0]).isDisjoint(with: shards[1]) && Set(shards[1]).isDisjoint(with: shards[2]))
        // Spread: none of three shards is empty or holds almost everything.
        #expect(shards.allSatisfy { (40...90).contains($0.count) })
        #expect(ConfigShard.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(ConfigShard.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(ConfigShard.hash("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test("a shard must be N/M with 0 <= N < M", arguments: ["3/3", "-1/2", "1", "a/b", "0/0", "1/2/3"])
    func badShard(_ text: String) {
        #expect(throws: ConfigShard.Invalid.self) { try ConfigShard(parsing: text) }
    }
}
