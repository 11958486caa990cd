/// One DingTalk notification as the simulator stores it and sends it in
/// `ActionList`. Fields hold exactly what goes on the wire, so a test can
/// compare what a client decoded with what was sent.
public struct SimulatedNotification: Sendable, Equatable {
    /// `Id`, unique within a data set.
    public var id: Int64
    /// `ActionName`, sent byte for byte (hostile names included).
    public var name: String
    /// `Status`: 0 disabled, 1 enabled; anything else is sent as is.
    public var status: Int
    /// `DingTalkLang`, sent as is (`zh`, `en`, `EN`, `ja`, ``...).
    public var language: String
    /// `IntervalTime`, minutes.
    public var intervalMinutes: Int
    /// `GroupIdList`, sent joined with commas (`"123,456"`; `""` when empty).
    public var groupIds: [Int64]
    /// The `type`s in `configListJSON`, in order and without duplicates;
    /// nil when `configListJSON` is deliberately not parsable.
    public var alertTypes: [String]?
    /// Exactly the string sent in `ConfigList`.
    public var configListJSON: String
    /// `Url`, the webhook. A SECRET: it carries the robot's `access_token`.
    public var webhookURL: String
    /// `AliUid`.
    public var aliUid: Int64
    /// `GmtCreate`, milliseconds since the epoch.
    public var gmtCreateMilliseconds: Int64
    /// `GmtModified`, milliseconds since the epoch.
    public var gmtModifiedMilliseconds: Int64

    public init(
        id: Int64, name: String, status: Int, language: String, intervalMinutes: Int, groupIds: [Int64],
        alertTypes: [String]?, configListJSON: String, webhookURL: String, aliUid: Int64,
        gmtCreateMilliseconds: Int64, gmtModifiedMilliseconds: Int64
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.language = language
        self.intervalMinutes = intervalMinutes
        self.groupIds = groupIds
        self.alertTypes = alertTypes
        self.configListJSON = configListJSON
        self.webhookURL = webhookURL
        self.aliUid = aliUid
        self.gmtCreateMilliseconds = gmtCreateMilliseconds
        self.gmtModifiedMilliseconds = gmtModifiedMilliseconds
    }

    /// A well-formed `ConfigList` for the given alert types, in the shape the
    /// console writes: `[{"type":"vul","configItemList":[...]}]`.
    public static func configListJSON(alertTypes: [String]) -> String {
        let entries = alertTypes.map { type in
            #"{"type":\#(JSONText.quoted(type)),"configItemList":[{"key":"level","valueList":["serious","suspicious","remind"]}]}"#
        }
        return "[" + entries.joined(separator: ",") + "]"
    }
}

extension SimulatedNotification: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    // The webhook URL is a secret: keep it out of test failure messages and logs.
    public var description: String {
        "SimulatedNotification(id: \(id), name: \(name.debugDescription), status: \(status), language: \(language.debugDescription), webhookURL: <redacted>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: [
            "id": id, "name": name, "status": status, "language": language, "intervalMinutes": intervalMinutes,
            "groupIds": groupIds, "alertTypes": alertTypes as Any, "configListJSON": configListJSON,
            "aliUid": aliUid, "gmtCreateMilliseconds": gmtCreateMilliseconds,
            "gmtModifiedMilliseconds": gmtModifiedMilliseconds,
        ], displayStyle: .struct)
    }
}
