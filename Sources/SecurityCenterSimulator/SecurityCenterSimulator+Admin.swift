import Foundation

/// Control routes on the simulator's own port, so a script (the Prometheus
/// end-to-end test, a demo user) can change the data while an exporter polls
/// it, the way a user would in the console:
///
/// - `POST /_sim/notifications/{id}/disable` and `.../enable`: set `Status`
///   and move `GmtModified` to now, as the service does on an update;
/// - `DELETE /_sim/notifications/{id}`: remove it.
///
/// They answer `{"Id":..,"Status":..}` (200), 404 for an unknown id or route,
/// 405 for a wrong method. They exist only on the simulator, which listens on
/// loopback for `--demo` and tests; the exporter's own port has nothing like it.
extension SecurityCenterSimulator {
    static let adminPathPrefix = "/_sim/"

    func adminReply(to request: IncomingRequest, now: Date) -> SimulatorReply {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts.count <= 4, parts[1] == "notifications", let id = Int64(parts[2]) else {
            return Self.adminError(404, "no such route")
        }
        let action = parts.count == 4 ? String(parts[3]) : nil
        let expectedMethod = action == nil ? "DELETE" : "POST"
        guard action == nil || action == "disable" || action == "enable" else { return Self.adminError(404, "no such route") }
        guard request.method == expectedMethod else { return Self.adminError(405, "use \(expectedMethod)") }

        let modified = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let status: Int? = modifyDataSet { dataSet in
            guard let index = dataSet.notifications.firstIndex(where: { $0.id == id }) else { return nil }
            switch action {
            case nil:
                return dataSet.notifications.remove(at: index).status
            default:
                dataSet.notifications[index].status = action == "enable" ? 1 : 0
                dataSet.notifications[index].gmtModifiedMilliseconds = modified
                return dataSet.notifications[index].status
            }
        }
        guard let status else { return Self.adminError(404, "no notification \(id)") }
        return .json(JSONText.object([("Id", String(id)), ("Status", String(status))]), outcome: "admin:\(action ?? "delete")")
    }

    private static func adminError(_ status: Int, _ message: String) -> SimulatorReply {
        .json(JSONText.object([("Message", JSONText.quoted(message))]), status: status, outcome: "admin:\(status)")
    }
}
