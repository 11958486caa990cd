import AlibabaCloudCore

/// One `ActionList` element for the fast page decoder: the same fields and
/// the same lenient readers as `init(from:)` (`AnyJSONValue.lenientInt64`,
/// `scalarText`, `groupIds`, `alertTypes`), without `Codable`.
extension DingTalkNotification {
    /// Field names, indexed by `Field`.
    private static let strictFieldNames: [[UInt8]] = Field.allCases.map { Array($0.name.utf8) }

    private enum Field: Int, CaseIterable {
        case id, actionName, status, dingTalkLang, intervalTime, groupIdList, configList, url, aliUid, gmtCreate,
            gmtModified

        var name: String {
            switch self {
            case .id: CodingKeys.id.rawValue
            case .actionName: CodingKeys.actionName.rawValue
            case .status: CodingKeys.status.rawValue
            case .dingTalkLang: CodingKeys.dingTalkLang.rawValue
            case .intervalTime: CodingKeys.intervalTime.rawValue
            case .groupIdList: CodingKeys.groupIdList.rawValue
            case .configList: CodingKeys.configList.rawValue
            case .url: CodingKeys.url.rawValue
            case .aliUid: CodingKeys.aliUid.rawValue
            case .gmtCreate: CodingKeys.gmtCreate.rawValue
            case .gmtModified: CodingKeys.gmtModified.rawValue
            }
        }
    }

    /// Reads the object the scanner stands on. Nil: no usable `Id` (the page
    /// counts it as skipped). Throws when the `Codable` decoder must decide.
    /// `hasher` hashes the webhook URL (kept only as its hash).
    static func readStrictly(
        _ scanner: inout StrictJSONScanner, hasher: KeyedHasher
    ) throws(StrictJSONScanner.Unsupported) -> DingTalkNotification? {
        var seen: UInt16 = 0
        var id: Int64?
        var notification = DingTalkNotification(id: 0, name: "")
        try scanner.forEachMember { (scanner: inout StrictJSONScanner) throws(StrictJSONScanner.Unsupported) in
            guard let position = try scanner.readKey(matching: strictFieldNames), let field = Field(rawValue: position)
            else { return try scanner.skipValue() }
            // `JSONDecoder` keeps the first of duplicate keys; not worth copying.
            guard seen & (1 << position) == 0 else { throw StrictJSONScanner.Unsupported() }
            seen |= 1 << position
            let value = try scanner.readValue()
            switch field {
            case .id: id = value.lenientInt64
            case .actionName: notification.name = value.scalarText ?? ""
            case .status: notification.status = value.lenientInt
            case .dingTalkLang: notification.language = value.scalarText
            case .intervalTime: notification.intervalMinutes = value.lenientInt64
            case .groupIdList: notification.groupIds = groupIds(value)
            case .configList: notification.alertTypes = alertTypes(value)
            case .url: notification.webhookHash = value.scalarText.map(hasher.hash)
            case .aliUid: notification.aliUid = value.lenientInt64
            case .gmtCreate: notification.gmtCreateMilliseconds = value.lenientInt64
            case .gmtModified: notification.gmtModifiedMilliseconds = value.lenientInt64
            }
        }
        guard let id else { return nil }
        notification.id = id
        return notification
    }
}
