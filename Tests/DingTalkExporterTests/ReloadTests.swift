import AlibabaCloudCore
import DingTalkExporter
import Foundation
import HTTPTypes
import Logging
import SecurityCenterSimulator
import Testing

/// Reloads inside one process: accounts added, removed and changed while the
/// pollers run; a refused config leaves the old one running; reloads never overlap.
@Suite("Config reload")
struct ReloadTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func accounts(_ endpoint: Endpoint, _ names: [String], pageSize: Int = 20) -> [AccountConfig] {
        names.map { name in
            var account = ExporterHarness.account(endpoint, name: name)
            account.pollInterval = .milliseconds(100)
            account.pageSize = pageSize
            return account
        }
    }

    static func value(_ exporter: Exporter, _ name: String, _ labels: [String: String]) async throws -> Double? {
        try await ExporterHarness.scrape(exporter).exposition.value(name, labels)
    }

    static func waitForPolls(_ exporter: Exporter, _ account: String, atLeast count: Double) async throws {
        while try await value(exporter, "aliyun_sas_dingtalk_polls_total", ["account": account]) ?? 0 < count {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("added accounts start, removed ones vanish, changed ones keep their counters; a bad config is refused", .timeLimit(.minutes(1)))
    func addRemoveChange() async throws {
        try await SecurityCenterSimulator.withRunning(dataSet: .generate(count: 30, seed: 3), accessKeys: [ExporterHarness.key]) { _, endpoint in
            let next = Locked<Result<LoadedConfig, ConfigLoadError>>(.success(LoadedConfig(accounts: [])))
            let exporter = Exporter(
                config: ExporterConfig(accounts: Self.accounts(endpoint, ["a", "b"]), disableExporterMetrics: false),
                httpClient: ExporterHarness.httpClient, environment: [:],
                reload: { try next.value.get() }, logger: Self.quiet)
            try await MultiAccountTests.whileRunning(exporter) {
                try await Self.waitForPolls(exporter, "a", atLeast: 2)
                try await Self.waitForPolls(exporter, "b", atLeast: 2)
                let bBefore = try #require(try await Self.value(exporter, "aliyun_sas_dingtalk_polls_total", ["account": "b"]))

                // Remove a, change b (page size), add c.
                next.withLock { $0 = .success(LoadedConfig(accounts: Self.accounts(endpoint, ["b"], pageSize: 7) + Self.accounts(endpoint, ["c"]))) }
                try await exporter.reloader.reload(trigger: "test")
                let text = try await ExporterHarness.scrape(exporter).text
                #expect(!text.contains("account=\"a\""), "removed account a still has series")
                #expect(try await Self.value(exporter, "aliyun_sas_dingtalk_config_reloads_total", ["result": "success"]) == 1)
                #expect(try await Self.value(exporter, "aliyun_sas_dingtalk_config_last_reload_success_timestamp_seconds", [:]) ?? 0 > 0)
                #expect(try await Self.value(exporter, "aliyun_sas_dingtalk_polls_total", ["account": "b"]) ?? 0 >= bBefore)
                try await Self.waitForPolls(exporter, "c", atLeast: 1)
                try await Self.waitForPolls(exporter, "b", atLeast: bBefore + 2)
                #expect(try await Self.value(exporter, "aliyun_sas_dingtalk_up", ["account": "c"]) == 1)
                #expect(exporter.state.statuses.map(\.account) == ["b", "c"])

                // A refused config: counted, and b and c keep polling.
                let broken = ConfigLoadError(file: "exporter.yml", diagnostics: [
                    ConfigDiagnostic(file: "exporter.yml", line: 3, column: 5, message: "unknown key \"x\""),
                ])
                next.withLock { $0 = .failure(broken) }
                let (status, body, _) = try await ExporterHarness.get(exporter, "/-/reload", method: .post)
                #expect(status == .internalServerError)
                #expect(body.contains("exporter.yml:3:5: error: unknown key \"x\""))
                #expect(try await Self.value(exporter, "aliyun_sas_dingtalk_config_reloads_total", ["result": "failure"]) == 1)
                #expect(try await Self.value(exporter, "aliyun_sas_dingtalk_config_reloads_total", ["result": "success"]) == 1)
                let cBefore = try #require(try await Self.value(exporter, "aliyun_sas_dingtalk_polls_total", ["account": "c"]))
                try await Self.waitForPolls(exporter, "c", atLeast: cBefore + 2)
                #expect(exporter.state.statuses.map(\.account) == ["b", "c"])
            }
        }
    }

    @Test("POST /-/reload answers 200; GET is 405 with Allow: POST", .timeLimit(.minutes(1)))
    func reloadRoute() async throws {
        try await ExporterHarness.withExporter(dataSet: .demo) { _, exporter in
            // A reload hands the accounts to the running supervisor.
            try await MultiAccountTests.whileRunning(exporter) {
                let (status, body, _) = try await ExporterHarness.get(exporter, "/-/reload", method: .post)
                #expect(status == .ok)
                #expect(body == "Reloaded\n")
                let (getStatus, _, headers) = try await ExporterHarness.get(exporter, "/-/reload")
                #expect(getStatus == .methodNotAllowed)
                #expect(headers[.allow] == "POST")
            }
        }
    }

    @Test("two reloads at once run one after the other", .timeLimit(.minutes(1)))
    func serialised() async throws {
        let inFlight = PeakCounter()
        let hook: ConfigReloader.Hook = {
            inFlight.enter()
            defer { inFlight.leave() }
            try await Task.sleep(for: .milliseconds(30))
        }
        let metrics = ExporterMetrics()
        let reloader = ConfigReloader(
            load: { LoadedConfig(accounts: []) }, hooks: [hook], apply: { _ in }, metrics: metrics, logger: Self.quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await reloader.reload(trigger: "test") } }
            try await group.waitForAll()
        }
        #expect(inFlight.peak == 1)
        #expect(inFlight.entries == 4)
    }
}
