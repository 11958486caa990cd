import AlibabaCloudCore

/// One DingTalk chatbot notification as listed by `DescribeDingTalk`
/// (one element of `ActionList`), decoded tolerantly: unknown fields are
/// ignored, missing optional fields are nil, numbers may arrive as strings.
///
/// `Url` is a secret (it may carry the robot's access token): only its
/// keyed hash is kept, made as the element is decoded, and the URL is dropped
/// there. Nothing downstream (snapshots, change events) can leak what it
/// never holds.
public struct DingTalkNotification: Sendable, Equatable {
    /// `Id`.
    public var id: Int64
    /// `ActionName`, user text kept byte for byte (it may end in a new line).
    public var name: String
    /// `Status`: 0 disabled, 1 enabled, anything else unknown; nil when absent.
    public var status: Int?
    /// `DingTalkLang` as sent (`zh`, `en`, or anything); nil when absent.
    public var language: String?
    /// `IntervalTime`, in minutes.
    public var intervalMinutes: Int64?
    /// `GroupIdList` split on commas, blanks dropped.
    public var groupIds: [String]
    /// The `type` of each entry of the JSON inside `ConfigList`, in order,
    /// without duplicates; nil when `ConfigList` is absent or not parsable.
    public var alertTypes: [String]?
    /// A keyed hash of `Url` (the chatbot webhook, a secret), for telling
    /// whether it changed; nil when absent. Compare hashes only within one
    /// process: the key is random per process.
    public var webhookHash: SecretHash?
    /// `AliUid`.
    public var aliUid: Int64?
    /// `GmtCreate`, milliseconds since the epoch.
    public var gmtCreateMilliseconds: Int64?
    /// `GmtModified`, milliseconds since the epoch.
    public var gmtModifiedMilliseconds: Int64?

    public init(
        id: Int64, name: String, status: Int? = nil, language: String? = nil, intervalMinutes: Int64? = nil,
        groupIds: [String] = [], alertTypes: [String]? = nil, webhookHash: SecretHash? = nil, aliUid: Int64? = nil,
        gmtCreateMilliseconds: Int64? = nil, gmtModifiedMilliseconds: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.language = language
        self.intervalMinutes = intervalMinutes
        self.groupIds = groupIds
        self.alertTypes = alertTypes
        self.webhookHash = webhookHash
        self.aliUid = aliUid
        self.gmtCreateMilliseconds = gmtCreateMilliseconds
        self.gmtModifiedMilliseconds = gmtModifiedMilliseconds
    }

    public var isEnabled: Bool { status == 1 }
}

extension DingTalkNotification: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "DingTalkNotification(id: \(id), name: \(name.debugDescription), status: \(status.map(String.init) ?? "nil"), language: \(language ?? "nil"))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: [
            "id": id, "name": name, "status": status as Any, "language": language as Any,
            "intervalMinutes": intervalMinutes as Any, "groupIds": groupIds, "alertTypes": alertTypes as Any,
            "webhookHash": webhookHash as Any,
            "aliUid": aliUid as Any, "gmtCreateMilliseconds": gmtCreateMilliseconds as Any,
            "gmtModifiedMilliseconds": gmtModifiedMilliseconds as Any,
        ], displayStyle: .struct)
    }
}
