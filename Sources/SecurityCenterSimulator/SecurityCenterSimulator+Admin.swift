import Foundation

/// Control routes on the simulator's own port, so a script (the Prometheus
/// end-to-end test, a demo user) can change the data while an exporter polls
/// it, the way a user would in the console:
///
/// - `POST /_sim/notifications/{id}/disable` and `.../enable`: set `Status`
///   and move `GmtModified` to now, as the service does on an update;
/// - `POST /_sim/notifications/{id}/update?ActionName=..&DingTalkLang=..&IntervalTime=..&GroupIdList=1,2&Types=vul,hc&Url=..`:
///   set the fields given (`Types`: the `ConfigList` alert types, comma
///   separated) and move `GmtModified`; a bad `IntervalTime` or
///   `GroupIdList`, or an unknown parameter, is a 400 and changes nothing;
/// - `POST /_sim/notifications/{id}/copy`: add a copy under the next free
///   `Id` (the answer's `Id`), created and modified now;
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
        guard action == nil || ["disable", "enable", "update", "copy"].contains(action) else {
            return Self.adminError(404, "no such route")
        }
        guard request.method == expectedMethod else { return Self.adminError(405, "use \(expectedMethod)") }
        let edit = QueryString.parse(Substring(request.rawQuery))
        if action == "update", let problem = Self.checkUpdate(edit) { return Self.adminError(400, problem) }

        let modified = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let result: (id: Int64, status: Int)? = modifyDataSet { dataSet in
            guard let index = dataSet.notifications.firstIndex(where: { $0.id == id }) else { return nil }
            switch action {
            case nil:
                let removed = dataSet.notifications.remove(at: index)
                return (removed.id, removed.status)
            case "copy"?:
                var copy = dataSet.notifications[index]
                copy.id = (dataSet.notifications.map(\.id).max() ?? id) + 1
                copy.gmtCreateMilliseconds = modified
                copy.gmtModifiedMilliseconds = modified
                dataSet.notifications.append(copy)
                return (copy.id, copy.status)
            case "update"?:
                Self.update(&dataSet.notifications[index], with: edit)
            default:
                dataSet.notifications[index].status = action == "enable" ? 1 : 0
            }
            dataSet.notifications[index].gmtModifiedMilliseconds = modified
            return (id, dataSet.notifications[index].status)
        }
        guard let result else { return Self.adminError(404, "no notification \(id)") }
        return .json(
            JSONText.object([("Id", String(result.id)), ("Status", String(result.status))]),
            outcome: "admin:\(action ?? "delete")")
    }

    static let updatableFields: Set<String> = ["ActionName", "DingTalkLang", "IntervalTime", "GroupIdList", "Types", "Url"]

    /// Why `update`'s parameters cannot be applied, or nil.
    private static func checkUpdate(_ edit: [(String, String)]) -> String? {
        for (name, value) in edit {
            guard updatableFields.contains(name) else { return "unknown parameter \(name)" }
            if name == "IntervalTime", Int(value) == nil { return "IntervalTime must be an integer" }
            if name == "GroupIdList", groupIds(value) == nil { return "GroupIdList must be integers separated by commas" }
        }
        return nil
    }

    private static func update(_ notification: inout SimulatedNotification, with edit: [(String, String)]) {
        for (name, value) in edit {
            switch name {
            case "ActionName": notification.name = value
            case "DingTalkLang": notification.language = value
            case "IntervalTime": notification.intervalMinutes = Int(value) ?? notification.intervalMinutes
            case "GroupIdList": notification.groupIds = groupIds(value) ?? notification.groupIds
            case "Types":
                let types = value.split(separator: ",").map(String.init)
                notification.alertTypes = types
                notification.configListJSON = SimulatedNotification.configListJSON(alertTypes: types)
            default: notification.webhookURL = value  // Url, the only other field checkUpdate lets through
            }
        }
    }

    private static func groupIds(_ text: String) -> [Int64]? {
        let parts = text.split(separator: ",")
        let ids = parts.compactMap { Int64($0) }
        return ids.count == parts.count ? ids : nil
    }

    private static func adminError(_ status: Int, _ message: String) -> SimulatorReply {
        .json(JSONText.object([("Message", JSONText.quoted(message))]), status: status, outcome: "admin:\(status)")
    }
}
