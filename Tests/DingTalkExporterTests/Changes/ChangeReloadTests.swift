import DingTalkExporter
import Foundation
import SecurityCenterSimulator
import Testing

/// Change events across reloads, with the supervisor running: the history
/// stays, a changed account's rebuilt poller compares with the baseline its
/// predecessor left, a removed account's baseline goes.
@Suite("Change events across reloads")
struct ChangeReloadTests {
    @Test("reload keeps the history and the baselines of kept accounts, drops a removed one's", .timeLimit(.minutes(1)))
    func reloadRules() async throws {
        var dataSet = SimulatorDataSet.generate(count: 6, seed: 12)
        let watched = SimulatedChange.all[0].prepare(&dataSet)
        try await SecurityCenterSimulator.withRunning(dataSet: dataSet, accessKeys: [ExporterHarness.key]) { simulator, endpoint in
            // a polls often; b and r poll once when their poller starts (and
            // never again within the test), so what b's rebuilt poller records
            // can only come from the baseline its predecessor left.
            func accounts(_ names: [String], pageSize: Int = 20) -> [AccountConfig] {
                ReloadTests.accounts(endpoint, names, pageSize: pageSize).map { account in
                    var account = account
                    if account.name != "a" { account.pollInterval = .seconds(3600) }
                    return account
                }
            }
            let next = Locked<LoadedConfig>(LoadedConfig(accounts: []))
            let exporter = Exporter(
                config: ExporterConfig(accounts: accounts(["a", "b", "r"]), disableExporterMetrics: true),
                httpClient: ExporterHarness.httpClient, environment: [:], reload: { next.value }, logger: ReloadTests.quiet)
            try await MultiAccountTests.whileRunning(exporter) {
                try await ReloadTests.waitForPolls(exporter, "a", atLeast: 2)
                try await ReloadTests.waitForPolls(exporter, "b", atLeast: 1)
                try await ReloadTests.waitForPolls(exporter, "r", atLeast: 1)
                simulator.modifyDataSet { SimulatedChange.edit { $0.status = 0 }(&$0, watched) }
                while exporter.changes.events(account: "a").isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                let before = exporter.changes.events(account: "a")
                #expect(before.map(\.change) == [.disabled])

                // b changed (page size: its poller is rebuilt), r removed.
                next.withLock { $0 = LoadedConfig(accounts: accounts(["a"]) + accounts(["b"], pageSize: 7)) }
                try await exporter.reloader.reload(trigger: "test")
                #expect(!exporter.changes.hasBaseline("r"))
                while exporter.changes.events(account: "b").isEmpty { try await Task.sleep(for: .milliseconds(20)) }
                #expect(exporter.changes.events(account: "b").map(\.change) == [.disabled])
                #expect(exporter.changes.events(account: "a") == before)

                // r again: a new first poll, nothing recorded although the data changed since its last one.
                next.withLock { $0 = LoadedConfig(accounts: accounts(["a"]) + accounts(["b"], pageSize: 7) + accounts(["r"])) }
                try await exporter.reloader.reload(trigger: "test")
                try await ReloadTests.waitForPolls(exporter, "r", atLeast: 1)
                #expect(exporter.changes.hasBaseline("r"))
                #expect(exporter.changes.events(account: "r").isEmpty)
                #expect(try await ChangeEventsTests.counts(exporter, account: "r")["disabled"] == 0)
                #expect(try await ChangeEventsTests.counts(exporter, account: "b")["disabled"] == 1)
            }
        }
    }
}
