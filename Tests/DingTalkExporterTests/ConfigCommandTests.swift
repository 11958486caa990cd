import AlibabaCloudCore
import Foundation
import Glibc
import SecurityCenterSimulator
import Testing

/// `--config.file`, `--config.check` and reloads on the real executable.
@Suite("Command line: config file and reload", .serialized)
struct ConfigCommandTests {
    static let fixtures = ConfigFileTests.fixtures
    static let key = ExporterHarness.key

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes the file readable by its owner only (an inline secret in it is then no warning).
    static func write(_ text: String, to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
    }

    @Test("--config.check prints a redacted summary of every account and exits 0")
    func checkValid() throws {
        let path = Self.fixtures.appendingPathComponent("valid-full.yml").path
        let result = try CommandLineTests.run(["--config.check", "--config.file", path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == """
            config file \(path): OK, 7 accounts
            account prod: endpoint https://tds.cn-shanghai.aliyuncs.com, signature v1, credentials access_key_secret_file, interval 30s
            account intl: endpoint http://127.0.0.1:8080, signature v3, credentials ram_role_arn, interval 2m
            account ack: endpoint https://tds.ap-southeast-1.aliyuncs.com, signature v1, credentials oidc_role_arn, interval 2m
            account ecs: endpoint https://tds.ap-southeast-1.aliyuncs.com, signature v1, credentials ecs_ram_role, interval 2m
            account cli: endpoint https://tds.ap-southeast-1.aliyuncs.com, signature v1, credentials cli_profile, interval 2m
            account ini: endpoint https://tds.ap-southeast-1.aliyuncs.com, signature v1, credentials credentials_file, interval 2m
            account chain: endpoint https://tds.ap-southeast-1.aliyuncs.com, signature v1, credentials default_chain, interval 2m

            """)
        #expect(!result.stdout.contains("LTAI-prod") && !result.stdout.contains("DO-NOT-LEAK"))
    }

    @Test("--config.check with a shard lists only that shard's accounts")
    func checkShard() throws {
        let path = Self.fixtures.appendingPathComponent("valid-full.yml").path
        let names = ["prod", "intl", "ack", "ecs", "cli", "ini", "chain"]
        var listed: [String] = []
        for index in 0..<2 {
            let result = try CommandLineTests.run(["--config.check", "--config.file", path, "--config.shard", "\(index)/2"])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            let accounts = lines.dropFirst().compactMap { $0.split(separator: ":").first?.split(separator: " ").last.map(String.init) }
            #expect(lines.first == "config file \(path): OK, 7 accounts; shard \(index)/2 polls \(accounts.count) of them")
            listed += accounts
        }
        #expect(listed.sorted() == names.sorted())
    }

    @Test("--config.check on an invalid file prints every error and exits 1")
    func checkInvalid() throws {
        let path = Self.fixtures.appendingPathComponent("invalid-many-errors.yml").path
        let result = try CommandLineTests.run(["--config.check", "--config.file", path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first == "config file \(path) is invalid (6 errors)")
        #expect(lines.count == 7)
        #expect(!result.stderr.contains("DO-NOT-LEAK"))
    }

    @Test("an invalid config file at start is exit 1 with its errors, before serving")
    func startInvalid() throws {
        let path = Self.fixtures.appendingPathComponent("invalid-duplicate-name.yml").path
        let result = try CommandLineTests.run(["--config.file", path, "--web.listen-address", "127.0.0.1:0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path):4:11: error: duplicate account name \"prod\""))
    }

    @Test("the README's example config passes --config.check")
    func readmeExample() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let marker = try #require(text.range(of: "<!-- config-example: checked by ConfigCommandTests -->\n```yaml\n"))
        let end = try #require(text.range(of: "\n```", range: marker.upperBound..<text.endIndex))
        let example = String(text[marker.upperBound..<end.lowerBound])
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The secret files the example names, relative to the config file.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        try Self.write("secret\n", to: folder.appendingPathComponent("secrets/prod-secret"))
        let config = folder.appendingPathComponent("exporter.yml")
        try Self.write(example, to: config)
        let result = try CommandLineTests.run(["--config.check", "--config.file", config.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("config file \(config.path): OK, "))
    }

    static func config(_ accounts: [(name: String, port: Int, pageSize: Int)]) -> String {
        var text = "poll_interval: 1s\nrequest_timeout: 2s\nmax_retries: 0\naccounts:\n"
        for account in accounts {
            text += """
                  - name: \(account.name)
                    endpoint: http://127.0.0.1:\(account.port)
                    page_size: \(account.pageSize)
                    credentials:
                      access_key_id: \(key.id)
                      access_key_secret: \(key.secret)

                """
        }
        return text
    }

    @Test("SIGHUP and POST /-/reload add, remove and change accounts; a broken file is refused and counted", .timeLimit(.minutes(3)))
    func reloadOnTheBinary() async throws {
        try await SecurityCenterSimulator.withRunning(dataSet: .generate(count: 12, seed: 5), accessKeys: [Self.key]) { _, endpoint in
            let port = try #require(endpoint.port)
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("exporter.yml")
            try Self.write(Self.config([("a", port, 20), ("b", port, 20)]), to: path)
            let exporter = try await RunningExporter.start(["--config.file", path.path])
            defer { _ = exporter.stop() }
            func polls(_ m: Exposition, _ account: String) -> Double { m.value("aliyun_sas_dingtalk_polls_total", ["account": account]) ?? 0 }
            func reloads(_ m: Exposition, _ result: String) -> Double? { m.value("aliyun_sas_dingtalk_config_reloads_total", ["result": result]) }

            var m = try await exporter.waitForMetrics { polls($0, "a") >= 2 && polls($0, "b") >= 2 }
            #expect(reloads(m, "success") == 0 && reloads(m, "failure") == 0)

            // 1. SIGHUP adds c; a and b keep their counters.
            let (aBefore, bBefore) = (polls(m, "a"), polls(m, "b"))
            try Self.write(Self.config([("a", port, 20), ("b", port, 20), ("c", port, 20)]), to: path)
            exporter.signal(SIGHUP)
            m = try await exporter.waitForMetrics { reloads($0, "success") == 1 && polls($0, "c") >= 1 }
            #expect(m.value("aliyun_sas_dingtalk_up", ["account": "c"]) == 1)
            #expect(polls(m, "a") >= aBefore && polls(m, "b") >= bBefore)
            #expect(m.value("aliyun_sas_dingtalk_config_last_reload_success_timestamp_seconds") ?? 0 > 0)

            // 2. POST removes a: its series are gone when the answer comes.
            try Self.write(Self.config([("b", port, 20), ("c", port, 20)]), to: path)
            let removed = try await exporter.request("/-/reload", method: .POST)
            #expect(removed.status == 200)
            let text = try await exporter.request("/metrics").body
            #expect(!text.contains("account=\"a\""))
            #expect(try Exposition(parsing: text).value("aliyun_sas_dingtalk_config_reloads_total", ["result": "success"]) == 2)

            // 3. SIGHUP changes b (page size): its poller restarts, its counters stay.
            let bChanged = polls(try await exporter.metrics(), "b")
            try Self.write(Self.config([("b", port, 5), ("c", port, 20)]), to: path)
            exporter.signal(SIGHUP)
            m = try await exporter.waitForMetrics { reloads($0, "success") == 3 && polls($0, "b") >= bChanged + 2 }
            #expect(m.value("aliyun_sas_dingtalk_up", ["account": "b"]) == 1)
            #expect(m.value("aliyun_sas_dingtalk_notifications", ["account": "b"]) == 12)

            // 4. A broken file through POST: 500 with the reason, counted, the old config keeps running.
            try Self.write(Self.config([("b", port, 5), ("c", port, 20)]) + "  - name: b\n    colour: blue\n", to: path)
            let refused = try await exporter.request("/-/reload", method: .POST)
            #expect(refused.status == 500)
            #expect(refused.body.contains("\(path.path):"))
            #expect(refused.body.contains("duplicate account name \"b\""))
            #expect(refused.body.contains("unknown key \"colour\" in account \"b\""))
            #expect(!refused.body.contains(Self.key.secret))
            // 5. And through SIGHUP.
            exporter.signal(SIGHUP)
            let cBefore = polls(try await exporter.metrics(), "c")
            m = try await exporter.waitForMetrics { reloads($0, "failure") == 2 && polls($0, "c") >= cBefore + 2 }
            #expect(reloads(m, "success") == 3)
            #expect(m.values("aliyun_sas_dingtalk_up").map { $0.labels["account"] ?? "" }.sorted() == ["b", "c"])
            #expect(!exporter.log.contains(Self.key.secret))
            #expect(exporter.stop() == 0)
        }
    }
}
