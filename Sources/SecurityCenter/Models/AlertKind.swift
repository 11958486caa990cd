import Foundation

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
    /// Compares UTF-8 bytes with memcmp: every poll asks this of each type of
    /// each notification, and `String`'s Character-wise `hasPrefix` made it a
    /// third of a poll's CPU (perf, docs/benchmarks.md). Every byte it
    /// matches is ASCII, so byte equality is the same answer.
    public init?(configType: String) {
        var text = configType
        guard let kind = text.withUTF8({ Self.kind(of: $0[...]) }) else { return nil }
        self = kind
    }

    private static let prefixBytes = prefixes.map { Array($0.utf8) }
    private static let eventPrefixBytes = Array(eventPrefix.utf8)
    private static let rawValueBytes = allCases.map { ($0, Array($0.rawValue.utf8)) }

    private static func kind(of text: Slice<UnsafeBufferPointer<UInt8>>) -> AlertKind? {
        var rest = text
        if let prefix = prefixBytes.first(where: { hasPrefix(rest, $0) }) {
            rest = rest.dropFirst(prefix.count)
            guard hasPrefix(rest, eventPrefixBytes) else { return nil }
        }
        if hasPrefix(rest, eventPrefixBytes) { rest = rest.dropFirst(eventPrefixBytes.count) }
        // The kind with `-` read as `_`.
        return rawValueBytes.first { _, raw in
            raw.count == rest.count
                && zip(rest, raw).allSatisfy { sent, raw in sent == raw || (sent == UInt8(ascii: "-") && raw == UInt8(ascii: "_")) }
        }?.0
    }

    private static func hasPrefix(_ text: Slice<UnsafeBufferPointer<UInt8>>, _ prefix: [UInt8]) -> Bool {
        guard text.count >= prefix.count, let base = text.base.baseAddress else { return false }
        return memcmp(base + text.startIndex, prefix, prefix.count) == 0
    }
}
