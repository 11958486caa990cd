import AlibabaCloudCore
@testable import DingTalkExporter
import Foundation
import SecurityCenter
import Testing

/// The pure comparison of two polls: each kind of DESIGN section 9 alone,
/// several at once, and what is not a change.
@Suite("Change detector")
struct ChangeDetectorTests {
    static let time = Date(timeIntervalSince1970: 1_764_000_000)

    static let base = DingTalkNotification(
        id: 7, name: "Vulnerability alerts", status: 1, language: "zh", intervalMinutes: 10, groupIds: ["1", "2"],
        alertTypes: ["sas_analysis_online-sas-operation-log-sas-event-vul", "hc"],
        webhookHash: SecretHash(of: "https://oapi.dingtalk.com/robot/send?access_token=OLD-TOKEN"))

    struct Case: Sendable, CustomTestStringConvertible {
        var change: ChangeKind
        var before: String?
        var after: String?
        var edit: @Sendable (inout DingTalkNotification) -> Void
        var testDescription: String { change.rawValue }
    }

    static let single: [Case] = [
        Case(change: .disabled, before: "1", after: "0") { $0.status = 0 },
        Case(change: .renamed, before: "Vulnerability alerts", after: "漏洞 \"alerts\"\n") { $0.name = "漏洞 \"alerts\"\n" },
        Case(change: .languageChanged, before: "zh", after: "en") { $0.language = "en" },
        Case(change: .intervalChanged, before: "10", after: "60") { $0.intervalMinutes = 60 },
        Case(change: .groupsChanged, before: "1,2", after: "1,2,3") { $0.groupIds = ["1", "2", "3"] },
        Case(change: .alertTypesChanged, before: "vul,hc", after: "vul") {
            $0.alertTypes = ["sas_analysis_online-sas-operation-log-sas-event-vul"]
        },
        Case(change: .webhookChanged, before: nil, after: nil) {
            $0.webhookHash = SecretHash(of: "https://oapi.dingtalk.com/robot/send?access_token=NEW-TOKEN")
        },
    ]

    @Test("one field changed gives one event of its kind, with before and after", arguments: single)
    func oneChange(_ testCase: Case) {
        var changed = Self.base
        testCase.edit(&changed)
        let events = detect([Self.base], [changed])
        #expect(events == [ChangeEvent(
            time: Self.time, account: "prod", id: 7, name: changed.name, change: testCase.change,
            before: testCase.before, after: testCase.after)])
    }

    @Test("enabled: a disabled notification switched on")
    func enabled() {
        var disabled = Self.base
        disabled.status = 0
        #expect(detect([disabled], [Self.base]).map(\.change) == [.enabled])
        #expect(detect([disabled], [Self.base]).first?.before == "0")
    }

    @Test("created and deleted, by Id; the deleted one carries its last name")
    func createdAndDeleted() {
        var other = Self.base
        other.id = 8
        other.name = "New one"
        let events = detect([Self.base], [other])
        #expect(events.map(\.change) == [.created, .deleted])
        #expect(events.map(\.id) == [8, 7])
        #expect(events.map(\.name) == ["New one", "Vulnerability alerts"])
        #expect(events.allSatisfy { $0.before == nil && $0.after == nil })
    }

    @Test("several changes of one notification in one poll are several events, in ChangeKind order")
    func severalAtOnce() {
        var changed = Self.base
        changed.status = 0
        changed.name = "Renamed"
        changed.webhookHash = SecretHash(of: "https://example.invalid/other")
        changed.alertTypes = []
        #expect(detect([Self.base], [changed]).map(\.change) == [.disabled, .renamed, .alertTypesChanged, .webhookChanged])
    }

    @Test("no change: same data, groups and alert types in another order, a long alert type written short")
    func noChange() {
        var reordered = Self.base
        reordered.groupIds = ["2", "1"]
        reordered.alertTypes = ["hc", "vul"]
        reordered.gmtModifiedMilliseconds = 42
        #expect(detect([Self.base], [Self.base]).isEmpty)
        #expect(detect([Self.base], [reordered]).isEmpty)
    }

    @Test("the webhook is compared by its keyed hash: the same URL again is no change, none or a new one is; the hash is shown nowhere")
    func webhookByHash() {
        var same = Self.base
        same.webhookHash = SecretHash(of: "https://oapi.dingtalk.com/robot/send?access_token=OLD-TOKEN")
        #expect(detect([Self.base], [same]).isEmpty)
        var removed = Self.base
        removed.webhookHash = nil
        let seen = detect([Self.base], [removed])
        #expect(seen.map(\.change) == [.webhookChanged])
        let hash = Self.base.webhookHash?.description ?? "missing"
        #expect(!"\(seen)".contains(hash))
        #expect(!ChangesEndpoint.json(seen).contains(hash))
    }

    private func detect(_ previous: [DingTalkNotification], _ current: [DingTalkNotification]) -> [ChangeEvent] {
        ChangeDetector.changes(from: previous, to: current, account: "prod", at: Self.time)
    }
}
