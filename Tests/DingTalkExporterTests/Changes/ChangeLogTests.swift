@testable import DingTalkExporter
import Foundation
import SecurityCenter
import Testing

/// Baselines per account and the bounded history, without HTTP.
@Suite("Change log")
struct ChangeLogTests {
    static func notification(_ id: Int64, status: Int = 1) -> DingTalkNotification {
        DingTalkNotification(id: id, name: "n\(id)", status: status)
    }

    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_764_000_000 + seconds) }

    @Test("the first poll of an account is the baseline and records nothing")
    func firstPoll() {
        let log = ChangeLog()
        #expect(log.record(account: "a", source: "s", notifications: [Self.notification(1)], at: Self.at(0)).isEmpty)
        #expect(log.hasBaseline("a"))
        let events = log.record(account: "a", source: "s", notifications: [Self.notification(1, status: 0)], at: Self.at(60))
        #expect(events.map(\.change) == [.disabled])
        #expect(log.events() == events)
    }

    @Test("a removed account's baseline goes, its history stays; another account keeps its own")
    func removeAccount() {
        let log = ChangeLog()
        for account in ["a", "b"] {
            _ = log.record(account: account, source: "s", notifications: [Self.notification(1)], at: Self.at(0))
        }
        _ = log.record(account: "a", source: "s", notifications: [], at: Self.at(1))
        log.removeAccount("a")
        #expect(!log.hasBaseline("a"))
        #expect(log.hasBaseline("b"))
        // Added again: a new first poll, nothing recorded.
        #expect(log.record(account: "a", source: "s", notifications: [Self.notification(2)], at: Self.at(2)).isEmpty)
        #expect(log.events().map(\.change) == [.deleted])
        #expect(log.record(account: "b", source: "s", notifications: [], at: Self.at(3)).map(\.change) == [.deleted])
    }

    @Test("a poll of another source (endpoint or filter changed by a reload) is a new baseline")
    func otherSource() {
        let log = ChangeLog()
        _ = log.record(account: "a", source: "cn", notifications: [Self.notification(1)], at: Self.at(0))
        #expect(log.record(account: "a", source: "intl", notifications: [Self.notification(2)], at: Self.at(1)).isEmpty)
        #expect(log.record(account: "a", source: "intl", notifications: [], at: Self.at(2)).map(\.id) == [2])
    }

    @Test("the history keeps the newest `capacity` events, newest first", arguments: [0, 1, 3, 200])
    func bounded(capacity: Int) {
        let log = ChangeLog(historySize: capacity)
        _ = log.record(account: "a", source: "s", notifications: [], at: Self.at(0))
        var all: [ChangeEvent] = []
        for step in 1...7 {
            let ids = Int64(1)...Int64(step)
            all += log.record(account: "a", source: "s", notifications: ids.map { Self.notification($0) }, at: Self.at(Double(step)))
        }
        #expect(all.map(\.id) == [1, 2, 3, 4, 5, 6, 7])
        #expect(log.events() == Array(all.reversed().prefix(capacity)))
    }

    @Test("filters: account, since (to the second, inclusive), limit")
    func filters() {
        let log = ChangeLog()
        for account in ["a", "b"] {
            _ = log.record(account: account, source: "s", notifications: [], at: Self.at(0))
            _ = log.record(account: account, source: "s", notifications: [Self.notification(1)], at: Self.at(10.7))
            _ = log.record(account: account, source: "s", notifications: [], at: Self.at(20))
        }
        #expect(log.events(account: "a").map(\.change) == [.deleted, .created])
        #expect(log.events(account: "a").allSatisfy { $0.account == "a" })
        #expect(log.events(account: "nobody").isEmpty)
        #expect(log.events(since: Self.at(10)).count == 4)
        #expect(log.events(since: Self.at(10.9)).count == 4)
        #expect(log.events(since: Self.at(11)).map(\.change) == [.deleted, .deleted])
        #expect(log.events(account: "b", since: Self.at(11)).map(\.account) == ["b"])
        #expect(log.events(limit: 1).map(\.account) == ["b"])
    }
}
