/// The six kinds of Security Center alerts a DingTalk notification can send
/// (CreateOrUpdateDingTalk's parameter notes; DESIGN section 1).
///
/// Real accounts write a `ConfigList` `type` as a long string such as
/// `sas_analysis_online-sas-operation-log-sas-event-vul`; the console's
/// examples also show `sas_analysis_pre-`. The metrics publish the short kind
/// (`vul`, `ak_leakage`, ...) so that one alert rule fits every account.
public enum AlertKind: String, Sendable, CaseIterable, Hashable {
    case vul
    case hc
    case suspicious
    case akLeakage = "ak_leakage"
    case honeypot
    case rasp

    /// The prefixes the API puts before `sas-event-<kind>`, longest first.
    static let prefixes = [
        "sas_analysis_online-sas-operation-log-",
        "sas_analysis_pre-sas-operation-log-",
    ]
    static let eventPrefix = "sas-event-"

    /// The kind a `ConfigList` `type` names: the long form with either
    /// prefix, `sas-event-<kind>`, or the short kind itself (`vul`, as in the
    /// API's own sample; `ak-leakage` and `ak_leakage` alike). Nil for
    /// anything else, which is published as sent.
    public init?(configType: String) {
        var rest = Substring(configType)
        if let prefix = Self.prefixes.first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(prefix.count)
            guard rest.hasPrefix(Self.eventPrefix) else { return nil }
        }
        if rest.hasPrefix(Self.eventPrefix) { rest = rest.dropFirst(Self.eventPrefix.count) }
        self.init(rawValue: String(rest.map { $0 == "-" ? "_" : $0 }))
    }
}
