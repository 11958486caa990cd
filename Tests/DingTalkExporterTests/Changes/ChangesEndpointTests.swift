@testable import DingTalkExporter
import Foundation
import Hummingbird
import HummingbirdTesting
import SecurityCenter
import Testing

/// `GET /api/v1/changes` on the exporter's router: DESIGN's JSON shape,
/// newest first, the `account` and `since` filters, and the landing page's
/// last few. The history is filled directly; ChangeEventsTests fill it from
/// the simulator.
@Suite("Changes endpoint")
struct ChangesEndpointTests {
    /// 2026-11-25T10:00:00Z, DESIGN's example time.
    static let t0 = Date(timeIntervalSince1970: 1_795_600_800)

    /// prod: 123 disabled at t0; intl: 5 renamed at t0 + 90 s (to a hostile name), then deleted at t0 + 1 h.
    static func filledLog() -> ChangeLog {
        let log = ChangeLog()
        let prod = DingTalkNotification(id: 123, name: "Vulnerability alerts", status: 1)
        var disabled = prod
        disabled.status = 0
        _ = log.record(account: "prod", source: "s", notifications: [prod], at: t0 - 60)
        _ = log.record(account: "prod", source: "s", notifications: [disabled], at: t0)
        let intl = DingTalkNotification(id: 5, name: "old", status: 1)
        var renamed = intl
        renamed.name = "</td><script>\"x\"\n"
        _ = log.record(account: "intl", source: "s", notifications: [intl], at: t0)
        _ = log.record(account: "intl", source: "s", notifications: [renamed], at: t0 + 90.5)
        _ = log.record(account: "intl", source: "s", notifications: [], at: t0 + 3600)
        return log
    }

    static func get(_ log: ChangeLog, _ uri: String, method: HTTPRequest.Method = .get) async throws -> (Int, String, String?) {
        let routes = ExporterRoutesContext(
            state: ExporterState(accounts: [], renderer: SnapshotRenderer()), metrics: ExporterMetrics(), changes: log,
            processMetrics: nil, telemetryPath: "/metrics", buildInfo: BuildInfo())
        return try await Application(router: buildRouter(routes)).test(.router) { client in
            try await client.execute(uri: uri, method: method) { response in
                (Int(response.status.code), String(buffer: response.body), response.headers[.contentType])
            }
        }
    }

    @Test("DESIGN's shape, keys in its order, newest first, before/after only where there are any")
    func shape() async throws {
        let (status, body, contentType) = try await Self.get(Self.filledLog(), "/api/v1/changes")
        #expect(status == 200)
        #expect(contentType == "application/json")
        #expect(body == """
            {"changes":[\
            {"time":"2026-11-25T11:00:00Z","account":"intl","id":5,"name":"</td><script>\\"x\\"\\n","change":"deleted"},\
            {"time":"2026-11-25T10:01:30Z","account":"intl","id":5,"name":"</td><script>\\"x\\"\\n","change":"renamed",\
            "before":"old","after":"</td><script>\\"x\\"\\n"},\
            {"time":"2026-11-25T10:00:00Z","account":"prod","id":123,"name":"Vulnerability alerts","change":"disabled",\
            "before":"1","after":"0"}]}

            """)
    }

    @Test("filters", arguments: [
        ("?account=prod", [123]),
        ("?account=intl", [5, 5]),
        ("?account=nobody", []),
        ("?since=2026-11-25T10:01:30Z", [5, 5]),
        ("?since=2026-11-25T18:01:31%2B08:00", [5]),
        ("?since=2026-11-25T10:01:30.999Z", [5, 5]),
        ("?since=1795600890", [5, 5]),
        ("?since=1795600891", [5]),
        ("?account=prod&since=2026-11-25T10:00:01Z", []),
    ] as [(String, [Int64])])
    func filters(query: String, ids: [Int64]) async throws {
        let (status, body, _) = try await Self.get(Self.filledLog(), "/api/v1/changes" + query)
        #expect(status == 200)
        struct Entry: Decodable { var id: Int64 }
        struct Body: Decodable { var changes: [Entry] }
        #expect(try JSONDecoder().decode(Body.self, from: Data(body.utf8)).changes.map(\.id) == ids)
    }

    @Test("a since that is no time is a 400 that says what is expected; POST is a 405",
          arguments: ["?since=yesterday", "?since=", "?since=2026-13-45T99:00:00Z", "?since=nan"])
    func badSince(query: String) async throws {
        let (status, body, _) = try await Self.get(Self.filledLog(), "/api/v1/changes" + query)
        #expect(status == 400)
        #expect(body.contains("RFC 3339"))
        #expect(try await Self.get(Self.filledLog(), "/api/v1/changes", method: .post).0 == 405)
    }

    @Test("the landing page shows the last few, escaped, and links the history")
    func landingPage() async throws {
        let (_, page, _) = try await Self.get(Self.filledLog(), "/")
        #expect(page.contains("<h2>Recent changes</h2>"))
        #expect(page.contains("<td>disabled</td><td>1</td><td>0</td>"))
        #expect(page.contains("&lt;/td&gt;&lt;script&gt;"))
        #expect(!page.contains("<script>"))
        #expect(page.contains("href=\"/api/v1/changes\""))
        let (_, empty, _) = try await Self.get(ChangeLog(), "/")
        #expect(empty.contains("None since the exporter started"))
    }
}
