@testable import DingTalkExporter
import Foundation
import NIOCore
import SecurityCenter
import Testing

/// A poll that finds nothing changed keeps the rendering in place (its
/// buffers, compressed forms included) instead of rendering and deflating
/// the same bytes again; anything the renderer reads re-renders.
@Suite("Render reuse")
struct RenderReuseTests {
    static let base = AccountSnapshot(
        account: "account-0",
        notifications: (1...50).map { DingTalkNotification(id: Int64($0), name: "n\($0)", status: 1, language: "zh", alertTypes: ["vul"]) },
        reportedTotal: 50, completedAt: Date(timeIntervalSince1970: 1_795_600_800))

    /// Where the plain section's bytes live: the same address means the same buffer.
    static func address(_ state: ExporterState) -> UInt? {
        state.rendered.plain.withUnsafeReadableBytes { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    static func state() -> ExporterState {
        ExporterState(accounts: [(name: "account-0", endpoint: "http://127.0.0.1:1")], renderer: SnapshotRenderer(maxNotifications: 40))
    }

    @Test("a later poll with the same notifications keeps the rendering and reports the same overflow")
    func unchangedKeepsRendering() throws {
        let state = Self.state()
        let first = state.publish(Self.base, duration: .seconds(1))
        let before = try #require(Self.address(state))
        var later = Self.base
        later.completedAt = Self.base.completedAt.addingTimeInterval(60)
        let second = state.publish(later, duration: .seconds(1))
        #expect(Self.address(state) == before)
        #expect(first == LabelOverflow(notification: 10))
        #expect(second == first)
        #expect(state.statuses.first?.pollsFinished == 2)
    }

    static let changes: [(String, @Sendable (inout AccountSnapshot) -> Void, String)] = [
        ("status switched off", { $0.notifications[0].status = 0 }, #"aliyun_sas_dingtalk_notifications_by_status{account="account-0",status="disabled"} 1.0"#),
        ("name", { $0.notifications[1].name = "renamed" }, #"name="renamed""#),
        ("alert types", { $0.notifications[2].alertTypes = ["sas-event-honeypot"] }, #"aliyun_sas_dingtalk_notifications_by_alert_type{account="account-0",type="honeypot"} 1.0"#),
        ("reported total", { $0.reportedTotal = 51 }, #"aliyun_sas_dingtalk_notifications_reported{account="account-0"} 51.0"#),
        ("one removed", { $0.notifications.removeLast() }, #"aliyun_sas_dingtalk_notifications{account="account-0"} 49.0"#),
    ]

    @Test("any change the renderer reads renders anew", arguments: changes)
    func changeRerenders(name: String, change: @Sendable (inout AccountSnapshot) -> Void, expected: String) throws {
        let state = Self.state()
        state.publish(Self.base, duration: .seconds(1))
        let before = try #require(Self.address(state))
        #expect(!String(buffer: state.rendered.plain).contains(expected))
        var changed = Self.base
        change(&changed)
        state.publish(changed, duration: .seconds(1))
        #expect(Self.address(state) != before)
        #expect(String(buffer: state.rendered.plain).contains(expected))
    }

    @Test("a reload that removes the account renders it away though no poll changed")
    func removalRerenders() {
        let state = Self.state()
        state.publish(Self.base, duration: .seconds(1))
        state.removeAccount("account-0")
        #expect(state.rendered.plain.readableBytes == 0)
    }
}
