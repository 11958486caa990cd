import SecurityCenter
import Testing

/// `AlertKind(configType:)`: the long `ConfigList` types of real accounts
/// (DESIGN section 1) map to the six short kinds; anything else to nil.
@Suite("AlertKind")
struct AlertKindTests {
    @Test("long, prefixed and short spellings name their kind", arguments: [
        ("sas_analysis_online-sas-operation-log-sas-event-vul", AlertKind.vul),
        ("sas_analysis_online-sas-operation-log-sas-event-hc", .hc),
        ("sas_analysis_online-sas-operation-log-sas-event-suspicious", .suspicious),
        ("sas_analysis_online-sas-operation-log-sas-event-ak-leakage", .akLeakage),
        ("sas_analysis_online-sas-operation-log-sas-event-honeypot", .honeypot),
        ("sas_analysis_online-sas-operation-log-sas-event-rasp", .rasp),
        ("sas_analysis_pre-sas-operation-log-sas-event-vul", .vul),
        ("sas_analysis_pre-sas-operation-log-sas-event-ak-leakage", .akLeakage),
        ("sas-event-honeypot", .honeypot),
        ("vul", .vul),
        ("ak_leakage", .akLeakage),
        ("ak-leakage", .akLeakage),
    ])
    func known(type: String, kind: AlertKind) {
        #expect(AlertKind(configType: type) == kind)
    }

    @Test("other types are no kind and are published as sent", arguments: [
        "sas_analysis_online-sas-operation-log-sas-event-cloud-siem",
        "sas_analysis_online-sas-operation-log-vul",  // the event part missing
        "sas_analysis_online-sas-operation-log-sas-event-",
        "sas_analysis_other-sas-operation-log-sas-event-vul",
        "VUL", "weakpassword", "", "sas-event-", " vul",
        // Compared as bytes now: a combining mark, a full-width letter or a
        // kind with more after it is still no kind.
        "vul\u{301}", "sas-event-\u{301}vul", "ｖul", "vulx", "ak__leakage", "ak_leakag",
    ])
    func unknown(type: String) {
        #expect(AlertKind(configType: type) == nil)
    }

    @Test func shortNames() {
        #expect(AlertKind.allCases.map(\.rawValue) == ["vul", "hc", "suspicious", "ak_leakage", "honeypot", "rasp"])
    }
}
