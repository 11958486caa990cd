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
    ///
    /// Compares UTF-8 bytes: every poll asks this of each type of each
    /// notification, and `String`'s Character-wise `hasPrefix` made it a
    /// third of a poll's CPU (perf, docs/benchmarks.md). Every byte it
    /// matches is ASCII, so byte equality is the same answer.
    public init?(configType: String) {
        var rest = configType.utf8[...]
        if let prefix = Self.prefixes.first(where: { rest.starts(with: $0.utf8) }) {
            rest = rest.dropFirst(prefix.utf8.count)
            guard rest.starts(with: Self.eventPrefix.utf8) else { return nil }
        }
        if rest.starts(with: Self.eventPrefix.utf8) { rest = rest.dropFirst(Self.eventPrefix.utf8.count) }
        guard let kind = Self.allCases.first(where: { Self.matches(rest, $0.rawValue) }) else { return nil }
        self = kind
    }

    /// `text` equals `rawValue` with `-` read as `_`.
    private static func matches(_ text: Substring.UTF8View, _ rawValue: String) -> Bool {
        text.elementsEqual(rawValue.utf8) { sent, raw in
            sent == raw || (sent == UInt8(ascii: "-") && raw == UInt8(ascii: "_"))
        }
    }
}
