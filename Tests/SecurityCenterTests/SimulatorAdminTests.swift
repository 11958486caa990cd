import AsyncHTTPClient
import Foundation
import NIOHTTP1
import SecurityCenter
import SecurityCenterSimulator
import Testing

/// The simulator's control routes (/_sim/...), over loopback, checked
/// through what a real client then lists.
@Suite("Simulator control routes", .timeLimit(.minutes(1)))
struct SimulatorAdminTests {
    static func send(_ method: HTTPMethod, _ url: String) async throws -> (status: UInt, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        return (response.status.code, String(buffer: body))
    }

    @Test("disable and enable set Status and move GmtModified to now; DELETE removes")
    func changesWhatClientsList() async throws {
        // The simulator checks request time stamps against its clock: a fixed
        // `now` taken here, close to the client's real one.
        let now = Date()
        let modified = Int64((now.timeIntervalSince1970 * 1000).rounded())
        try await SimulatorTestSupport.withSimulator(now: { now }) { simulator, endpoint in
            let original = simulator.dataSet.notifications
            let enabled = try #require(original.first { $0.status == 1 })
            let disabled = try #require(original.first { $0.status == 0 })
            let deleted = try #require(original.first { $0.id != enabled.id && $0.id != disabled.id })
            let base = endpoint.baseURL + "/_sim/notifications/"

            let off = try await Self.send(.POST, base + "\(enabled.id)/disable")
            #expect(off.status == 200)
            #expect(off.body == #"{"Id":\#(enabled.id),"Status":0}"#)
            #expect(try await Self.send(.POST, base + "\(disabled.id)/enable").status == 200)
            #expect(try await Self.send(.DELETE, base + "\(deleted.id)").status == 200)

            let listed = try await SimulatorTestSupport.securityCenter(endpoint).listAll().notifications
            let byId = Dictionary(listed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(listed.count == original.count - 1)
            #expect(byId[deleted.id] == nil)
            #expect(byId[enabled.id]?.status == 0)
            #expect(byId[enabled.id]?.gmtModifiedMilliseconds == modified)
            #expect(byId[disabled.id]?.status == 1)
            #expect(byId[disabled.id]?.gmtModifiedMilliseconds == modified)
            // Everything else as it was.
            for notification in original where ![deleted.id, enabled.id, disabled.id].contains(notification.id) {
                #expect(byId[notification.id] == SimulatorTestSupport.expected(notification))
            }
        }
    }

    @Test("unknown ids and routes are 404, wrong methods 405, and none counts as an API request", arguments: [
        (HTTPMethod.POST, "/_sim/notifications/1/disable", UInt(404)),
        (.POST, "/_sim/notifications/x/disable", 404),
        (.POST, "/_sim/notifications/{id}/rename", 404),
        (.POST, "/_sim/other", 404),
        (.GET, "/_sim/notifications/{id}/disable", 405),
        (.POST, "/_sim/notifications/{id}", 405),
        (.DELETE, "/_sim/notifications/{id}/enable", 405),
    ])
    func refusals(method: HTTPMethod, path: String, status: UInt) async throws {
        try await SimulatorTestSupport.withSimulator { simulator, endpoint in
            let before = simulator.dataSet
            let id = before.notifications[0].id
            let reply = try await Self.send(method, endpoint.baseURL + path.replacingOccurrences(of: "{id}", with: "\(id)"))
            #expect(reply.status == status)
            #expect(reply.body.hasPrefix(#"{"Message":"#))
            #expect(simulator.dataSet == before)
            #expect(simulator.requestCount == 0)
        }
    }
}
