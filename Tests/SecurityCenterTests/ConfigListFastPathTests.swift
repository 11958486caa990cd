import Foundation
@testable import SecurityCenter
import Testing

/// `ConfigList` text read by the fast path (`StrictJSONScanner.configTypes`)
/// gives what `JSONDecoder` on the whole text gives, including where the
/// fast path must hand over to it.
@Suite("ConfigList fast path")
struct ConfigListFastPathTests {
    @Test(arguments: [
        (#"[{"type":"vul","configItemList":[{"id":1}]},{"type":"alarm"}]"#, ["vul", "alarm"] as [String]?),
        (#" [ { "type" : "hc" } , { "aliUid" : 1500, "type":"vul" } ] "#, ["hc", "vul"]),
        // Numbers the strict reader does not read: the fast path hands over.
        (#"[{"type":"vul","aliUid":1.5e3}]"#, nil), (#"[{"type":"a","x":1e400}]"#, nil), (#"[1e400,{"type":"a"}]"#, nil),
        // Duplicate keys elsewhere: JSONDecoder keeps the first; `type` is unaffected.
        (#"[{"x":1,"x":2,"type":"vul","nested":{"a":1,"a":2}}]"#, ["vul"]),
        // A repeated `type`: the fast path hands over; JSONDecoder keeps one.
        (#"[{"type":"vul","type":"hc"}]"#, nil),
        (#"[{"\u0074ype":"rasp"}]"#, ["rasp"]),
        (#"[{"type":7},{"type":true},{"type":null},{"type":[1]},{"type":""},{}]"#, ["7", "true"]),
        (#"[5,"s",null,[{"type":"vul"}],{"type":"honeypot"}]"#, ["honeypot"]),
        (#"[{"type":"vul"},{"type":"vul"}]"#, ["vul"]),
        (#"[{"type":"ak-leakage","config":{"deep":[[[{"type":"no"}]]]}}]"#, ["ak-leakage"]),
        (#"[{"type":"\u8fd9"}]"#, ["这"]),
        (#"{"type":"vul"}"#, nil), ("7", nil), ("", nil), ("[", nil), (#"[{"type":"vul"},]"#, nil),
    ] as [(String, [String]?)])
    func sameAsJSONDecoder(text: String, fastPath: [String]?) {
        let reference = DecodingStrictPathTests.referenceAlertTypes(text)
        #expect(DingTalkNotification.alertTypes(AnyJSONValue(.string(text))) == reference)
        // nil: the fast path declined and the full reader decided.
        let fast = text.utf8.withContiguousStorageIfAvailable { try? StrictJSONScanner.configTypes(ofDocument: $0) } ?? nil
        #expect(fast.map { types in types.filter { !$0.isEmpty }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } } == fastPath)
    }

    @Test("the fast path's answers for real-looking types, written out")
    func expectedValues() {
        let text = #"[{"type":"sas_analysis_online-sas-operation-log-sas-event-vul","configItemList":[]},{"type":"sas-event-hc"}]"#
        #expect(DingTalkNotification.alertTypes(AnyJSONValue(.string(text)))
            == ["sas_analysis_online-sas-operation-log-sas-event-vul", "sas-event-hc"])
    }
}
