/// The notifications the simulator serves, in the order it pages them.
public struct SimulatorDataSet: Sendable, Equatable {
    public var notifications: [SimulatedNotification]
    /// When true (the default), some items go on the wire with a number sent
    /// as a string or with unknown fields, chosen by a hash of the item's `Id`,
    /// so clients must decode tolerantly. The decoded values are unchanged.
    public var wireQuirks: Bool

    public init(notifications: [SimulatedNotification], wireQuirks: Bool = true) {
        self.notifications = notifications
        self.wireQuirks = wireQuirks
    }

    /// The alert types a `ConfigList` can hold, written as real accounts
    /// write them (DESIGN section 1): the six kinds with the long
    /// `sas_analysis_online-` prefix, two with `sas_analysis_pre-` (one a
    /// second spelling of `vul`), and one kind the exporter does not know,
    /// which it must publish as sent. Eight entries: the generator draws once
    /// per entry, so the count fixes every later random draw.
    public static let alertTypeCatalog = [
        "sas_analysis_online-sas-operation-log-sas-event-vul",
        "sas_analysis_online-sas-operation-log-sas-event-suspicious",
        "sas_analysis_online-sas-operation-log-sas-event-hc",
        "sas_analysis_pre-sas-operation-log-sas-event-rasp",
        "sas_analysis_online-sas-operation-log-sas-event-ak-leakage",
        "sas_analysis_online-sas-operation-log-sas-event-honeypot",
        "sas_analysis_pre-sas-operation-log-sas-event-vul",
        "sas_analysis_online-sas-operation-log-sas-event-cloud-siem",
    ]

    /// A deterministic data set of `count` notifications: the same `seed`
    /// gives the same bytes on every platform.
    ///
    /// In each run of 9 items one has a hostile name (trailing new line, emoji,
    /// quotes and backslashes, a 1 KB name, ... in that order), so any set of
    /// 81 items or more holds every one of the 9 kinds. Statuses are mostly 1, some 0, a few 2;
    /// languages mostly `zh`/`en`, a few `ja`, `EN` or empty; about 1 in 20
    /// `ConfigList`s is unparsable and 1 in 20 is `[]`.
    public static func generate(count: Int, seed: UInt64) -> SimulatorDataSet {
        var rng = SplitMix64(seed: seed)
        // One account: one AliUid, 16 digits like real ones, below 2^53 so
        // that even a Double-based JSON parser keeps it exact.
        let aliUid = 1_000_000_000_000_000 + Int64(rng.below(8_000_000_000_000_000))
        let epoch: Int64 = 1_550_828_400_000  // 2019-02-22, the API sample's GmtCreate.
        var nextId = Int64(100_000 + rng.below(900_000))
        var hostileSlot = rng.below(9)
        var notifications: [SimulatedNotification] = []
        notifications.reserveCapacity(max(count, 0))

        for index in 0..<max(count, 0) {
            let block = index / 9
            if index % 9 == 0 && index > 0 { hostileSlot = rng.below(9) }

            let name: String
            if index % 9 == hostileSlot {
                name = NameCatalog.hostile(block)
            } else if rng.chance(50) {
                name = "\(rng.pick(NameCatalog.chineseScopes))\(rng.pick(["-", " ", "·"]))\(rng.pick(NameCatalog.chineseTopics))"
            } else {
                name = "\(rng.pick(NameCatalog.englishTopics)) (\(rng.pick(NameCatalog.englishScopes)))"
            }

            let statusRoll = rng.below(100)
            let status = statusRoll < 68 ? 1 : (statusRoll < 97 ? 0 : 2)

            let languageRoll = rng.below(100)
            let language: String
            switch languageRoll {
            case 0..<55: language = "zh"
            case 55..<94: language = "en"
            case 94..<96: language = "ja"
            case 96..<98: language = "EN"
            default: language = ""
            }

            let intervalMinutes = rng.pick([0, 1, 5, 10, 30, 60, 120, 1000, 1440])

            let groupIds = (0..<rng.below(5)).map { _ in Int64(1_000_000 + rng.below(99_000_000)) }

            let alertTypes: [String]?
            let configListJSON: String
            let configRoll = rng.below(100)
            if configRoll < 5 {
                alertTypes = nil
                configListJSON = rng.pick([#"[{"type":"vul","configItemList":"#, "not json", #"{"type":"vul"]"#, ""])
            } else if configRoll < 10 {
                alertTypes = []
                configListJSON = "[]"
            } else {
                var types: [String] = []
                for type in alertTypeCatalog where rng.chance(40) { types.append(type) }
                if types.isEmpty { types = [rng.pick(alertTypeCatalog)] }
                alertTypes = types
                configListJSON = SimulatedNotification.configListJSON(alertTypes: types)
            }

            let webhookURL = "https://oapi.dingtalk.com/robot/send?access_token=\(rng.hex(64))"
            let created = epoch + Int64(rng.below(200_000_000)) * 1000 + Int64(rng.below(1000))
            let modified = rng.chance(30) ? created : created + Int64(rng.below(20_000_000)) * 1000

            notifications.append(SimulatedNotification(
                id: nextId, name: name, status: status, language: language, intervalMinutes: intervalMinutes,
                groupIds: groupIds, alertTypes: alertTypes, configListJSON: configListJSON, webhookURL: webhookURL,
                aliUid: aliUid, gmtCreateMilliseconds: created, gmtModifiedMilliseconds: modified))
            nextId += Int64(1 + rng.below(997))
        }
        return SimulatorDataSet(notifications: notifications)
    }

    /// The `--demo` data: 36 notifications from a fixed seed, mostly realistic,
    /// with four hostile names (trailing new line, emoji, quotes and
    /// backslashes, 1 KB), a status 2, rare languages and an unparsable `ConfigList`.
    public static let demo: SimulatorDataSet = generate(count: 36, seed: demoSeed)

    static let demoSeed: UInt64 = 20_181_226
}
