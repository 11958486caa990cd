import AlibabaCloudCore
import Foundation
import SecurityCenter
import Testing

@Suite struct DecodingNotificationTests {
    /// Decodes one `ActionList` element given as JSON text.
    static func decode(_ json: String) throws -> DingTalkNotification {
        try JSONDecoder().decode(DingTalkNotification.self, from: Data(json.utf8))
    }

    @Test func documentedSampleDecodesEveryField() throws {
        let n = try Self.decode(#"""
        { "Id": 1, "ActionName": "Alert notification\n", "Status": 1, "DingTalkLang": "zh", "IntervalTime": 1000,
          "GroupIdList": "123,456", "ConfigList": "[{\"type\":\"vul\",\"configItemList\":[{\"id\":1}]},{\"type\":\"alarm\"}]",
          "Url": "https://oapi.dingtalk.com/robot/send?access_token=SECRET", "AliUid": 12312412341,
          "GmtCreate": 1550828400000, "GmtModified": 1550828400001 }
        """#)
        #expect(n == DingTalkNotification(
            id: 1, name: "Alert notification\n", status: 1, language: "zh", intervalMinutes: 1000,
            groupIds: ["123", "456"], alertTypes: ["vul", "alarm"],
            webhookHash: SecretHash(of: "https://oapi.dingtalk.com/robot/send?access_token=SECRET"), aliUid: 12_312_412_341,
            gmtCreateMilliseconds: 1_550_828_400_000, gmtModifiedMilliseconds: 1_550_828_400_001))
        #expect(n.isEnabled)
        #expect(!"\(n)".contains("SECRET"))
    }

    @Test func numbersSentAsStrings() throws {
        let n = try Self.decode(#"""
        {"Id":"42","Status":"0","IntervalTime":" 60 ","AliUid":"12312412341","GmtCreate":"1550828400000",
         "GmtModified":"1.5508284e12","ActionName":"n"}
        """#)
        #expect(n.id == 42)
        #expect(n.status == 0)
        #expect(n.intervalMinutes == 60)
        #expect(n.aliUid == 12_312_412_341)
        #expect(n.gmtCreateMilliseconds == 1_550_828_400_000)
        #expect(n.gmtModifiedMilliseconds == 1_550_828_400_000)
        #expect(!n.isEnabled)
    }

    @Test func stringsSentAsNumbersAndIntegralFloats() throws {
        let n = try Self.decode(#"{"Id":7.0,"ActionName":12345,"DingTalkLang":1,"Status":1.0,"IntervalTime":5.0,"GroupIdList":99}"#)
        #expect(n.id == 7)
        #expect(n.name == "12345")
        #expect(n.language == "1")
        #expect(n.status == 1)
        #expect(n.intervalMinutes == 5)
        #expect(n.groupIds == ["99"])
    }

    @Test func nullsAndMissingFieldsAreNilOrEmpty() throws {
        let nulls = try Self.decode(#"""
        {"Id":3,"ActionName":null,"Status":null,"DingTalkLang":null,"IntervalTime":null,"GroupIdList":null,
         "ConfigList":null,"Url":null,"AliUid":null,"GmtCreate":null,"GmtModified":null}
        """#)
        let missing = try Self.decode(#"{"Id":3}"#)
        for n in [nulls, missing] {
            #expect(n == DingTalkNotification(id: 3, name: ""))
            #expect(n.status == nil && n.language == nil && n.intervalMinutes == nil && n.alertTypes == nil)
            #expect(n.webhookHash == nil && n.aliUid == nil && n.gmtCreateMilliseconds == nil && n.groupIds.isEmpty)
        }
    }

    @Test func unknownAndUnreadableFieldsAreIgnored() throws {
        let n = try Self.decode(#"""
        {"Id":5,"ActionName":"a","Future":{"nested":[1,2,{"x":null}]},"Extra":[true],"Status":"enabled",
         "IntervalTime":{"m":1},"AliUid":[1],"GmtCreate":1e40,"DingTalkLang":["zh"]}
        """#)
        #expect(n.id == 5)
        #expect(n.name == "a")
        #expect(n.status == nil)
        #expect(n.intervalMinutes == nil)
        #expect(n.aliUid == nil)
        #expect(n.gmtCreateMilliseconds == nil)
        #expect(n.language == nil)
    }

    @Test(arguments: [
        #"{"ActionName":"no id"}"#, #"{"Id":null}"#, #"{"Id":"abc"}"#, #"{"Id":""}"#, #"{"Id":1.5}"#,
        #"{"Id":[1]}"#, #"{"Id":{"v":1}}"#, #"{"Id":true}"#, #"{"Id":1e40}"#, "[]", "\"x\"",
    ])
    func itemWithoutUsableIdDoesNotDecode(_ json: String) {
        #expect(throws: (any Error).self) { try Self.decode(json) }
    }

    /// User text must come back byte for byte, whatever it contains.
    @Test(arguments: [
        "plain", "Alert notification\n", "quote \" and 'single'", #"back\slash \n not a newline"#, "line1\nline2\r\nline3",
        "tab\there", "告警通知", "漏洞 告警 😀🔥", "👨‍👩‍👧‍👦 family", "e\u{301} vs \u{e9}", "\u{202e}rtl", "nul\u{0}byte",
        "ctrl\u{1}\u{1f}", "   padded   ", "", "{\"json\":\"inside\"}", "<script>alert(1)</script>", "a=b&c=d%20",
        String(repeating: "長", count: 2_000),
    ])
    func hostileNamesRoundTripExactly(_ name: String) throws {
        let object: [String: Any] = ["Id": 9, "ActionName": name]
        let data = try JSONSerialization.data(withJSONObject: object)
        let n = try JSONDecoder().decode(DingTalkNotification.self, from: data)
        #expect(Array(n.name.utf8) == Array(name.utf8))
    }

    @Test func escapedUnicodeAndSurrogatePairsDecode() throws {
        let n = try Self.decode(#"{"Id":1,"ActionName":"\u544a\u8b66 \ud83d\ude00 \"q\" \\ \/ \n"}"#)
        #expect(Array(n.name.utf8) == Array("告警 😀 \"q\" \\ / \n".utf8))
    }

    @Test(arguments: [
        (#""123,456""#, ["123", "456"]),
        (#"" 123 , 456 ,, ""#, ["123", "456"]),
        (#""""#, []),
        (#"",,""#, []),
        (#""single""#, ["single"]),
        (#"["1","2"]"#, ["1", "2"]),
        (#"[1, 2, " 3 ", null, {"x":1}, ""]"#, ["1", "2", "3"]),
        ("[]", []),
        ("77", ["77"]),
        ("null", []),
        (#"{"a":1}"#, []),
    ] as [(String, [String])])
    func groupIdListForms(_ raw: String, _ expected: [String]) throws {
        let n = try Self.decode(#"{"Id":1,"GroupIdList":\#(raw)}"#)
        #expect(n.groupIds == expected)
    }

    @Test(arguments: [
        (#""[{\"type\":\"vul\",\"configItemList\":[]},{\"type\":\"alarm\"},{\"type\":\"vul\"},{\"type\":\"hc\"}]""#,
         ["vul", "alarm", "hc"] as [String]?),
        (#"[{"type":"vul"},{"type":"alarm","configItemList":[{"a":1}]}]"#, ["vul", "alarm"]),
        (#""[]""#, []),
        (#""[{\"notype\":1},{\"type\":\"\"},5,{\"type\":\"weak\"}]""#, ["weak"]),
        (#""[{\"type\":7}]""#, ["7"]),
        (#""not json""#, nil),
        (#""[{\"type\":\"vul\"}""#, nil),
        (#""{\"type\":\"vul\"}""#, nil),
        (#""""#, nil),
        ("null", nil),
        ("42", nil),
        (#"{"type":"vul"}"#, nil),
    ] as [(String, [String]?)])
    func configListForms(_ raw: String, _ expected: [String]?) throws {
        let n = try Self.decode(#"{"Id":1,"ConfigList":\#(raw)}"#)
        #expect(n.alertTypes == expected)
    }

    /// Up to 16 entries are deduplicated by a linear search, longer (hostile)
    /// lists through a set: both keep the first of each, in order.
    @Test(arguments: [1, 5, 8, 400])  // 3, 11, 17 and 801 entries
    func configListTypesOnceInOrder(distinct: Int) throws {
        let types = (0..<(2 * distinct)).map { "t\($0 % distinct)" } + [""]
        let list = "[" + types.map { #"{\"type\":\"\#($0)\"}"# }.joined(separator: ",") + "]"
        let n = try Self.decode(#"{"Id":1,"ConfigList":"\#(list)"}"#)
        #expect(n.alertTypes == (0..<distinct).map { "t\($0)" })
    }

    @Test func missingConfigListIsNil() throws {
        #expect(try Self.decode(#"{"Id":1}"#).alertTypes == nil)
    }
}
