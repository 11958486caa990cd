import DingTalkExporter
import Foundation
import Logging
import SecurityCenterSimulator
import Testing

/// Change events end to end: the simulator's data changes as a user would
/// change it in the console, the exporter polls it for real, and the
/// counter, the info log line and `/api/v1/changes` all tell the same story,
/// with no webhook URL or token anywhere.
@Suite("Change events through the simulator")
struct ChangeEventsTests {
    static let counter = "aliyun_sas_dingtalk_notification_changes_total"

    @Test("each kind of change, one at a time: counter, log line, history", arguments: SimulatedChange.all)
    func oneKind(_ change: SimulatedChange) async throws {
        var dataSet = SimulatorDataSet.generate(count: 8, seed: 5)
        let watched = change.prepare(&dataSet)
        let webhooks = dataSet.notifications.map(\.webhookURL)
        let capture = LogCapture()
        try await ExporterHarness.withExporter(dataSet: dataSet, logger: capture.logger(level: .info)) { simulator, exporter in
            let poller = try #require(exporter.pollers.first)
            #expect(await poller.pollOnce())
            #expect(try await Self.counts(exporter) == Dictionary(uniqueKeysWithValues: ChangeKind.allCases.map { ($0.rawValue, 0.0) }))
            simulator.modifyDataSet { change.apply(&$0, watched) }
            #expect(await poller.pollOnce())

            var expected = Dictionary(uniqueKeysWithValues: ChangeKind.allCases.map { ($0.rawValue, 0.0) })
            expected[change.kind.rawValue] = 1
            #expect(try await Self.counts(exporter) == expected)

            let id = change.kind == .created ? SimulatedChange.createdId : watched
            let lines = capture.events.filter { $0.message == "notification changed" }
            #expect(lines.count == 1)
            #expect(lines.first?.level == .info)
            #expect(lines.first?.metadata["account"] == "default")
            #expect(lines.first?.metadata["change"] == change.kind.rawValue)
            #expect(lines.first?.metadata["id"] == String(id))

            let history = try await Self.history(exporter)
            #expect(history.map(\.change) == [change.kind.rawValue])
            #expect(history.first?.id == id)
            #expect(history.first?.account == "default")
            let withoutValues: Set<ChangeKind> = [.created, .deleted, .webhookChanged]
            #expect((history.first?.before != nil) == !withoutValues.contains(change.kind))
            // The log line says what the history says, with the same fields.
            #expect(lines.first?.metadata["name"] == history.first?.name)
            #expect(lines.first?.metadata["before"] == history.first?.before)
            #expect(lines.first?.metadata["after"] == history.first?.after)
            let keys: Set<String> = ["account", "id", "name", "change"]
            #expect(lines.first.map { Set($0.metadata.keys) } == (withoutValues.contains(change.kind) ? keys : keys.union(["before", "after"])))
            try await Self.expectNoWebhook(exporter, capture: capture, webhooks: webhooks)
        }
    }

    @Test("several changes in one poll: every kind at once over three notifications")
    func severalAtOnce() async throws {
        var dataSet = SimulatorDataSet.generate(count: 8, seed: 6)
        let watched = SimulatedChange.all[0].prepare(&dataSet)
        dataSet.notifications[1].status = 0
        let other = dataSet.notifications[1].id, doomed = dataSet.notifications[2].id
        let webhooks = dataSet.notifications.map(\.webhookURL) + [SimulatedChange.newWebhook]
        let capture = LogCapture()
        try await ExporterHarness.withExporter(dataSet: dataSet, logger: capture.logger(level: .info)) { simulator, exporter in
            let poller = try #require(exporter.pollers.first)
            #expect(await poller.pollOnce())
            simulator.modifyDataSet { dataSet in
                for change in SimulatedChange.all where ![.deleted, .enabled].contains(change.kind) {
                    change.apply(&dataSet, watched)
                }
                SimulatedChange.edit { $0.status = 1 }(&dataSet, other)
                dataSet.notifications.removeAll { $0.id == doomed }
            }
            #expect(await poller.pollOnce())
            let counts = try await Self.counts(exporter)
            #expect(counts == Dictionary(uniqueKeysWithValues: ChangeKind.allCases.map { ($0.rawValue, 1.0) }))
            #expect(capture.events.filter { $0.message == "notification changed" }.count == ChangeKind.allCases.count)
            let history = try await Self.history(exporter)
            #expect(Set(history.map(\.change)) == Set(ChangeKind.allCases.map(\.rawValue)))
            #expect(history.filter { $0.id == watched }.count == 7)
            try await Self.expectNoWebhook(exporter, capture: capture, webhooks: webhooks)
        }
    }

    @Test("a failed poll records nothing and keeps the baseline: the change shows at the next success")
    func failedPollKeepsBaseline() async throws {
        var dataSet = SimulatorDataSet.generate(count: 4, seed: 9)
        let watched = SimulatedChange.all[0].prepare(&dataSet)
        try await ExporterHarness.withExporter(dataSet: dataSet) { simulator, exporter in
            let poller = try #require(exporter.pollers.first)
            #expect(await poller.pollOnce())
            simulator.modifyDataSet { SimulatedChange.edit { $0.status = 0 }(&$0, watched) }
            simulator.inject(.noPermission, times: 1)
            #expect(await poller.pollOnce() == false)
            #expect(try await Self.history(exporter).isEmpty)
            #expect(await poller.pollOnce())
            #expect(try await Self.history(exporter).map(\.change) == ["disabled"])
            #expect(try await Self.counts(exporter)["disabled"] == 1)
        }
    }

    // MARK: Helpers

    struct Entry: Decodable, Equatable {
        var time: String
        var account: String
        var id: Int64
        var name: String
        var change: String
        var before: String?
        var after: String?
    }

    static func history(_ exporter: Exporter, query: String = "") async throws -> [Entry] {
        let (status, body, _) = try await ExporterHarness.get(exporter, "/api/v1/changes" + query)
        #expect(status == .ok)
        struct Body: Decodable { var changes: [Entry] }
        return try JSONDecoder().decode(Body.self, from: Data(body.utf8)).changes
    }

    static func counts(_ exporter: Exporter, account: String = "default") async throws -> [String: Double] {
        let exposition = try await ExporterHarness.scrape(exporter).exposition
        var counts: [String: Double] = [:]
        for sample in exposition.values(counter, ["account": account]) { counts[sample.labels["change"] ?? ""] = sample.value }
        return counts
    }

    /// Neither the old nor the new webhook URLs, nor their tokens, in any page or log line.
    static func expectNoWebhook(_ exporter: Exporter, capture: LogCapture, webhooks: [String]) async throws {
        let pages = [
            try await ExporterHarness.get(exporter, "/metrics").1, try await ExporterHarness.get(exporter, "/").1,
            try await ExporterHarness.get(exporter, "/api/v1/changes").1, capture.all.joined(separator: "\n"),
        ]
        let tokens = webhooks.compactMap { URLComponents(string: $0)?.queryItems?.first { $0.name == "access_token" }?.value }
        for page in pages {
            #expect(!page.contains("access_token"))
            for secret in webhooks + tokens { #expect(!page.contains(secret), "leaks \(secret.prefix(12))…") }
        }
    }
}
