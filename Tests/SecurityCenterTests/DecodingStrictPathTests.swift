import AlibabaCloudCore
import Foundation
@testable import SecurityCenter
@testable import SecurityCenterSimulator
import Testing

/// The fast page decoder (`decodeStrictly`) against the `Codable` one
/// (`decodeWithCodable`), which defines the behaviour: whenever the fast path
/// answers, both must give the same page; when it does not, `decode` must be
/// exactly the `Codable` result, errors included.
@Suite struct DecodingStrictPathTests {
    // MARK: Helpers

    /// Checks agreement for `body`; returns whether the fast path answered.
    @discardableResult
    static func expectAgreement(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        expectAgreement(Array(body.utf8), sourceLocation: sourceLocation)
    }

    @discardableResult
    static func expectAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let reference = Result { try DescribeDingTalkPage.decodeWithCodable(bytes) }
        let decoded = Result { try DescribeDingTalkPage.decode(bytes) }
        let fast = DescribeDingTalkPage.decodeStrictly(bytes)
        switch (reference, decoded) {
        case (.success(let expected), .success(let actual)):
            expectSame(actual, expected, sourceLocation: sourceLocation)
            if let fast { expectSame(fast, expected, sourceLocation: sourceLocation) }
        case (.failure(let expected), .failure(let actual)):
            #expect(fast == nil, "the fast path accepted a body the reference rejects", sourceLocation: sourceLocation)
            let expectedError = expected as? APIError
            let actualError = actual as? APIError
            #expect(expectedError != nil, sourceLocation: sourceLocation)
            #expect(actualError?.code == expectedError?.code, sourceLocation: sourceLocation)
            #expect(actualError?.message == expectedError?.message, sourceLocation: sourceLocation)
        default:
            Issue.record("decode and the reference disagree on success", sourceLocation: sourceLocation)
        }
        return fast != nil
    }

    static func expectSame(_ a: DescribeDingTalkPage, _ b: DescribeDingTalkPage, sourceLocation: SourceLocation) {
        #expect(a.requestId == b.requestId, sourceLocation: sourceLocation)
        #expect(a.currentPage == b.currentPage, sourceLocation: sourceLocation)
        #expect(a.pageSize == b.pageSize, sourceLocation: sourceLocation)
        #expect(a.totalCount == b.totalCount, sourceLocation: sourceLocation)
        #expect(a.skippedItems == b.skippedItems, sourceLocation: sourceLocation)
        #expect(a.notifications == b.notifications, sourceLocation: sourceLocation)
        #expect(a.notifications.map { Array($0.name.utf8) } == b.notifications.map { Array($0.name.utf8) },
                sourceLocation: sourceLocation)
    }

    /// One element, in a page.
    static func item(_ json: String) -> String { #"{"RequestId":"r","ActionList":[\#(json)]}"# }

    /// Same as `DingTalkNotification.alertTypes` did before the fast path:
    /// `JSONDecoder` on the embedded text.
    static func referenceAlertTypes(_ text: String) -> [String]? {
        guard let parsed = try? JSONDecoder().decode(AnyJSONValue.self, from: Data(text.utf8)),
              case .array(let items) = parsed.value
        else { return nil }
        return DingTalkNotification.alertTypes(AnyJSONValue(.array(items)))
    }

    // MARK: Real traffic takes the fast path

    @Test(arguments: [true, false])
    func simulatorPagesTakeTheFastPathAndAgree(quirks: Bool) throws {
        let dataSet = SimulatorDataSet.generate(count: 500, seed: 7)
        let items = dataSet.notifications.map { WireFormat.item($0, quirks: quirks) }
        for start in stride(from: 0, to: items.count, by: 100) {
            let body = WireFormat.page(
                requestId: "req-\(start)", currentPage: start / 100 + 1, pageSize: 100, totalCount: items.count,
                items: items[start..<start + 100])
            #expect(Self.expectAgreement(body), "page at \(start) fell back")
            let page = try #require(DescribeDingTalkPage.decodeStrictly(Array(body.utf8)))
            let expected = dataSet.notifications[start..<start + 100]
            #expect(page.notifications.map(\.id) == expected.map(\.id))
            #expect(page.notifications.map { Array($0.name.utf8) } == expected.map { Array($0.name.utf8) })
            #expect(page.notifications.map(\.alertTypes) == expected.map(\.alertTypes))
            #expect(page.notifications.map(\.groupIds) == expected.map { $0.groupIds.map(String.init) })
            #expect(page.totalCount == items.count && page.pageSize == 100 && page.skippedItems == 0)
        }
    }

    @Test func documentedSampleTakesTheFastPath() {
        #expect(Self.expectAgreement(Self.item(#"""
        { "Id": 1, "ActionName": "Alert notification\n", "Status": 1, "DingTalkLang": "zh", "IntervalTime": 1000,
          "GroupIdList": "123,456", "ConfigList": "[{\"type\":\"vul\",\"configItemList\":[{\"id\":1}]},{\"type\":\"alarm\"}]",
          "Url": "https://oapi.dingtalk.com/robot/send?access_token=SECRET", "AliUid": 12312412341,
          "GmtCreate": 1550828400000, "GmtModified": 1550828400001 }
        """#)))
    }

    // MARK: Field values

    /// Booleans: never numbers (an `Id` of `true` is no Id), text where text
    /// is read, `"true"` in `GroupIdList`.
    @Test func booleansReadAsToday() throws {
        let body = Self.item(#"""
        {"Id":1,"ActionName":true,"Status":true,"DingTalkLang":false,"IntervalTime":false,"GroupIdList":true,
         "ConfigList":true,"Url":true,"AliUid":true,"GmtCreate":false,"GmtModified":true}
        """#)
        #expect(Self.expectAgreement(body))
        let n = try #require(try DescribeDingTalkPage.decode(Array(body.utf8)).notifications.first)
        #expect(n == DingTalkNotification(
            id: 1, name: "true", status: nil, language: "false", intervalMinutes: nil, groupIds: ["true"],
            alertTypes: nil, webhookHash: SecretHash(of: "true"), aliUid: nil, gmtCreateMilliseconds: nil, gmtModifiedMilliseconds: nil))
        let boolId = try DescribeDingTalkPage.decode(Array(Self.item(#"{"Id":true}"#).utf8))
        #expect(boolId.notifications.isEmpty && boolId.skippedItems == 1)
        #expect(Self.expectAgreement(Self.item(#"{"Id":1,"GroupIdList":[true,false,1],"ConfigList":[{"type":true}]}"#)))
        #expect(Self.expectAgreement(#"{"RequestId":true,"PageInfo":{"TotalCount":true},"TotalCount":4,"ActionList":[]}"#))
    }

    @Test(arguments: [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "100000000000000000000", "12345678901234567890123", "1e40", "1E400", "-1e400", "1e-400",
        "7.0", "1.5", "-0", "0", "-0.0", "4.0000000000000001", "123456789012345678.0", "1.5508284e12", "2.5e-324",
        #""9223372036854775808""#, #""1e40""#, #""-0""#, #""0x1A""#, #""1_000""#, #""+5""#, #"" 12 ""#,
        #""NaN""#, #""nan""#, #""Infinity""#, #""-Infinity""#, #""inf""#, #""1e400""#, #""""#, #"" ""#, #""١٢""#,
    ])
    func numbersAndNumericTextInEveryField(_ raw: String) {
        for field in ["Id", "Status", "IntervalTime", "AliUid", "GmtCreate", "GmtModified", "ActionName",
                      "DingTalkLang", "Url", "GroupIdList"] {
            let id = field == "Id" ? "" : #""Id":1,"#
            Self.expectAgreement(Self.item(#"{\#(id)"\#(field)":\#(raw)}"#))
        }
        Self.expectAgreement(Self.item(#"{"Id":1,"GroupIdList":[\#(raw)],"ConfigList":[{"type":\#(raw)}]}"#))
        Self.expectAgreement(#"{"PageInfo":{"CurrentPage":\#(raw),"TotalCount":\#(raw)},"CurrentPage":2,"ActionList":[]}"#)
        Self.expectAgreement(#"{"RequestId":\#(raw),"PageSize":\#(raw),"ActionList":[]}"#)
    }

    @Test func hugeIntegersAreNilNotWrapped() throws {
        let body = Self.item(#"{"Id":1,"AliUid":18446744073709551615,"GmtCreate":9223372036854775808,"Status":"99999999999999999999"}"#)
        Self.expectAgreement(body)
        let n = try #require(try DescribeDingTalkPage.decode(Array(body.utf8)).notifications.first)
        #expect(n.aliUid == nil && n.gmtCreateMilliseconds == nil && n.status == nil)
        #expect(try DescribeDingTalkPage.decode(Array(Self.item(#"{"Id":-9223372036854775808}"#).utf8)).notifications.first?.id
            == Int64.min)
    }

    @Test func nestedNullsAndContainers() throws {
        #expect(Self.expectAgreement(Self.item(#"""
        {"Id":1,"ActionName":{"a":null},"Status":[null],"DingTalkLang":[],"Url":{},
         "GroupIdList":[null,[null],{"x":null},"1",null],"ConfigList":[null,{"type":null},{"type":"vul","x":{"y":[null]}}],
         "Extra":{"a":[null,{"b":null}]},"AliUid":null}
        """#)))
        let n = try #require(try DescribeDingTalkPage.decode(Array(Self.item(
            #"{"Id":1,"GroupIdList":[null,[null],"1"],"ConfigList":[null,{"type":null},{"type":"vul"}]}"#).utf8)).notifications.first)
        #expect(n.groupIds == ["1"])
        #expect(n.alertTypes == ["vul"])
        #expect(Self.expectAgreement(#"{"RequestId":null,"PageInfo":null,"TotalCount":3,"ActionList":null}"#))
        #expect(Self.expectAgreement(#"{"PageInfo":{"TotalCount":null},"TotalCount":3,"ActionList":[]}"#))
    }

    @Test(arguments: [
        "NaN", "nan", "Infinity", "-Infinity", "inf", "1e400", "-1e400", "0x1A", "0x1p3", "1_000", "+5", " 12 ", "12abc",
        "١٢", "", "   ", "null", "true", "1.5", "1.0", "٣",
    ])
    func nanIshStrings(_ text: String) {
        let quoted = #""\#(text)""#
        Self.expectAgreement(Self.item(
            #"{"Id":\#(quoted),"Status":\#(quoted),"IntervalTime":\#(quoted),"GmtCreate":\#(quoted),"ActionName":\#(quoted)}"#))
        Self.expectAgreement(Self.item(#"{"Id":1,"Status":\#(quoted),"AliUid":\#(quoted),"GroupIdList":\#(quoted)}"#))
    }

    // MARK: Strings

    @Test(arguments: [
        #"plain"#, #"Alert notification\n"#, #"quote \" and \\ and \/"#, #"\u544a\u8b66 \ud83d\ude00"#, #"\u0000nul"#,
        #"\u0001\u001f\b\f\r\t"#, "告警通知 😀🔥 👨‍👩‍👧‍👦", "e\u{301} vs \u{e9}", "\u{202e}rtl", "\u{7f}del", #"\uFFFF\uFFFE"#,
        #"\uD83D\uDE00\uD83D"#, #"\uDE00"#, #"\uD83Dx"#, #"\u12"#, #"\u12G4"#, #"\x"#, #"\'"#, "tab\there", "new\nline", "nul\u{0}",
    ])
    func stringsDecodeLikeJSONDecoder(_ inner: String) {
        let quoted = "\"\(inner)\""
        Self.expectAgreement(Self.item(#"{"Id":1,"ActionName":\#(quoted),"Url":\#(quoted),"GroupIdList":\#(quoted)}"#))
        Self.expectAgreement(Self.item(#"{"Id":1,"Unknown":\#(quoted)}"#))
        Self.expectAgreement(Self.item(#"{"Id":\#(quoted)}"#))
        Self.expectAgreement(#"{"RequestId":\#(quoted),"ActionList":[]}"#)
    }

    @Test func hostileNamesRoundTripOnTheFastPath() throws {
        let names = ["Alert notification\n", "quote \" and 'single'", "nul\u{0}byte", "ctrl\u{1}\u{1f}", "漏洞 告警 😀🔥",
                     "", String(repeating: "長", count: 2_000), String(repeating: "x", count: 1_024)]
        let items = try names.enumerated().map { index, name in
            String(decoding: try JSONSerialization.data(withJSONObject: ["Id": index + 1, "ActionName": name]), as: UTF8.self)
        }
        let body = Array(#"{"ActionList":[\#(items.joined(separator: ","))]}"#.utf8)
        #expect(Self.expectAgreement(body))
        let page = try #require(DescribeDingTalkPage.decodeStrictly(body))
        #expect(page.notifications.map { Array($0.name.utf8) } == names.map { Array($0.utf8) })
    }

    @Test func invalidUTF8FallsBackAndAgrees() {
        let prefix = Array(#"{"ActionList":[{"Id":1,"#.utf8)
        let cases: [[UInt8]] = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE5, 0x91], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98]]
        for bad in cases {
            let name = prefix + Array(#""ActionName":""#.utf8) + bad + Array(#""}]}"#.utf8)
            // Through the unescaping path too (the string holds an escape).
            let escaped = prefix + Array(#""ActionName":"a\n"#.utf8) + bad + Array(#"b"}]}"#.utf8)
            #expect(!Self.expectAgreement(escaped))
            let unknown = prefix + Array(#""X":""#.utf8) + bad + Array(#""}]}"#.utf8)
            let key = prefix + [0x22] + bad + Array(#"":1}]}"#.utf8)
            #expect(!Self.expectAgreement(name))
            #expect(!Self.expectAgreement(unknown))
            #expect(!Self.expectAgreement(key))
        }
    }

    @Test func escapedKeysMatch() {
        #expect(Self.expectAgreement(Self.item(#"{"\u0049d":5,"Action\u004eame":"n","\u0055rl":"u"}"#)))
        #expect(Self.expectAgreement(#"{"\u0041ctionList":[{"Id":1}],"Page\u0049nfo":{"Total\u0043ount":1}}"#))
    }

    // MARK: Shapes

    @Test(arguments: [
        #"[{"Id":1},"text",1,1.5,true,false,null,[],[{"Id":2}],{},{"Id":3}]"#,
        #"[null]"#, "[]", #"[[]]"#, #"["{\"Id\":1}"]"#,
    ])
    func nonObjectItemsAreSkipped(_ list: String) {
        #expect(Self.expectAgreement(#"{"ActionList":\#(list)}"#))
    }

    @Test func nonObjectItemsCount() throws {
        let page = try DescribeDingTalkPage.decode(Array(#"{"ActionList":[{"Id":1},"text",7,true,null,[],{"Id":3}]}"#.utf8))
        #expect(page.notifications.map(\.id) == [1, 3])
        #expect(page.skippedItems == 5)
    }

    @Test(arguments: [
        #"{"ActionList":{"Id":1}}"#, #"{"ActionList":"[]"}"#, #"{"ActionList":7}"#, #"{"ActionList":true}"#,
        #"{"ActionList":1.5}"#, #"{"ActionList":{}}"#, #"{"RequestId":"r","ActionList":"x","PageInfo":{}}"#,
    ])
    func actionListNotAnArrayIsTheSameError(_ body: String) {
        #expect(!Self.expectAgreement(body))
        let error = #expect(throws: APIError.self) { try DescribeDingTalkPage.decode(Array(body.utf8)) }
        #expect(error?.code == "InvalidResponse")
        #expect(error?.message == "DescribeDingTalk ActionList is not a list")
    }

    @Test(arguments: [
        "", " ", "not json", "<html>502</html>", #"{"ActionList":[{"Id":1}"#, "[]", #"[{"Id":1}]"#, "null", "42", #""text""#,
        "{} x", "{}{}", "tru", #"{"ActionList":[1 2]}"#, #"{"a" 1}"#, "NaN", "\u{feff}{}", #"{"ActionList":[{"Id":1},]}"#,
        #"{"ActionList":[],}"#, #"{"Id":01,"ActionList":[]}"#, "{\"ActionList\":[]}\n", " \t\r\n{} \n",
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
        #"{"X":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + #","ActionList":[{"Id":1}]}"#,
        #"{"X":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
    ])
    func oddBodiesAgree(_ body: String) {
        Self.expectAgreement(body)
    }

    @Test func utf16BodiesAgree() {
        let text = #"{"ActionList":[{"Id":1,"ActionName":"告警"}]}"#
        let le = Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(!Self.expectAgreement([0xFF, 0xFE] + le))
        #expect(!Self.expectAgreement(le))
    }

    @Test(arguments: [
        #"{"Id":1,"Id":2}"#, #"{"Id":null,"Id":2}"#, #"{"Id":1,"ActionName":"a","ActionName":"b"}"#,
        #"{"Id":1,"X":1,"X":2}"#, #"{"Id":1,"ConfigList":[{"type":"a","type":"b"}]}"#,
        #"{"Id":1,"GroupIdList":[1,{"a":1,"a":2}]}"#,
    ])
    func duplicateKeysAgree(_ item: String) {
        Self.expectAgreement(Self.item(item))
    }

    @Test func duplicateRootKeysAgree() {
        Self.expectAgreement(#"{"ActionList":[{"Id":1}],"ActionList":[{"Id":2}]}"#)
        Self.expectAgreement(#"{"ActionList":null,"ActionList":[{"Id":2}]}"#)
        Self.expectAgreement(#"{"PageInfo":{"TotalCount":1,"TotalCount":2},"ActionList":[]}"#)
        Self.expectAgreement(#"{"PageInfo":{"TotalCount":1},"PageInfo":{"TotalCount":2},"ActionList":[]}"#)
    }

    @Test(arguments: [
        #"{"PageInfo":{"CurrentPage":"3","PageSize":"50","TotalCount":"120"},"ActionList":[]}"#,
        #"{"CurrentPage":2,"PageSize":10,"TotalCount":11,"ActionList":[]}"#,
        #"{"PageInfo":{"CurrentPage":1},"CurrentPage":2,"PageSize":10,"ActionList":[]}"#,
        #"{"PageInfo":[1],"CurrentPage":2,"ActionList":[]}"#, #"{"PageInfo":"x","TotalCount":"7","ActionList":[]}"#,
        #"{"TotalCount":3,"PageInfo":{"TotalCount":"x","Count":9},"ActionList":[]}"#, "{}", #"{"RequestId":"r"}"#,
    ])
    func pageInfoForms(_ body: String) {
        #expect(Self.expectAgreement(body))
    }

    // MARK: ConfigList text

    @Test(arguments: [
        #"[{"type":"vul","configItemList":[]},{"type":"alarm"},{"type":"vul"}]"#, "[]", " [ ] ", "[5]", "42", "null",
        #"{"type":"vul"}"#, #"[{"type":"vul"},]"#, "\u{feff}[]", #"[{"type":1.5}]"#, #"[{"type":"a","x":1e400}]"#,
        #"[{"type":"a","type":"b"}]"#, #"[{"type":"\ud800"}]"#, "not json", "", "[", #"[{"type":"vul"}"#,
        #"[{"type":"vul"}] x"#, #"[{"type":"é"},{"type":"é"}]"#,
    ])
    func embeddedConfigListAgreesWithJSONDecoder(_ text: String) {
        #expect(DingTalkNotification.alertTypes(AnyJSONValue(.string(text))) == Self.referenceAlertTypes(text))
    }

    // MARK: Generated

    /// Items built from random mixes of odd values, compared one by one and as
    /// pages. Deterministic (fixed seed).
    @Test func generatedItemsAgree() {
        let pool = [
            "null", "true", "false", "0", "-0", "1", "-1", "42", "7.0", "1.5", "1e3", "1e400", "9223372036854775808",
            #""""#, #""42""#, #"" 42 ""#, #""4.2e1""#, #""NaN""#, #""abc""#, #""1,2, 3,""#, #""告警😀""#, #""a\nb\u0000""#,
            #""\ud83d\ude00""#, #""[{\"type\":\"vul\"},{\"type\":\"hc\"}]""#, #""[{\"type\":\"vul\"},]""#, "[]", "{}",
            #"[1,"2",null,{"x":1}]"#, #"[{"type":"a"},{"type":7},{"type":null}]"#, #"{"type":"a"}"#, "[[[]]]",
            #"{"a":{"b":[null,true]}}"#,
        ]
        let fields = ["Id", "ActionName", "Status", "DingTalkLang", "IntervalTime", "GroupIdList", "ConfigList", "Url",
                      "AliUid", "GmtCreate", "GmtModified", "Other"]
        var random = SplitMix64(seed: 2_024)
        var items: [String] = []
        for _ in 0..<400 {
            var members: [String] = []
            for field in fields where random.next() % 3 != 0 {
                members.append(#""\#(field)":\#(pool[Int(random.next() % UInt64(pool.count))])"#)
            }
            if random.next() % 2 == 0 { members.insert(#""Id":\#(random.next() % 1_000)"#, at: 0) }
            let item = "{" + members.joined(separator: ",") + "}"
            Self.expectAgreement(Self.item(item))
            items.append(item)
        }
        for start in stride(from: 0, to: items.count, by: 50) {
            Self.expectAgreement(#"{"PageInfo":{"TotalCount":400},"ActionList":[\#(items[start..<start + 50].joined(separator: ","))]}"#)
        }
    }
}
