import AlibabaCloudCore
import SecurityCenter
import Testing

@Suite struct DecodingPageTests {
    static func page(_ json: String) throws -> DescribeDingTalkPage {
        try DescribeDingTalkPage.decode(Array(json.utf8))
    }

    @Test func documentedResponseDecodes() throws {
        let page = try Self.page(#"""
        { "RequestId": "5CD5E6A9-3F5F-4F2B", "PageInfo": { "CurrentPage": 1, "PageSize": 20, "TotalCount": 2, "Count": 2 },
          "ActionList": [ { "Id": 1, "ActionName": "a", "Status": 1 }, { "Id": 2, "ActionName": "b", "Status": 0 } ] }
        """#)
        #expect(page.requestId == "5CD5E6A9-3F5F-4F2B")
        #expect(page.currentPage == 1)
        #expect(page.pageSize == 20)
        #expect(page.totalCount == 2)
        #expect(page.notifications.map(\.id) == [1, 2])
        #expect(page.notifications.map(\.name) == ["a", "b"])
        #expect(page.skippedItems == 0)
    }

    @Test func pageInfoNumbersAsStringsAndTopLevelFallback() throws {
        let strings = try Self.page(#"{"PageInfo":{"CurrentPage":"3","PageSize":"50","TotalCount":"120"},"ActionList":[]}"#)
        #expect(strings.currentPage == 3 && strings.pageSize == 50 && strings.totalCount == 120)
        let topLevel = try Self.page(#"{"CurrentPage":2,"PageSize":10,"TotalCount":11,"ActionList":[]}"#)
        #expect(topLevel.currentPage == 2 && topLevel.pageSize == 10 && topLevel.totalCount == 11)
        let none = try Self.page(#"{"ActionList":[]}"#)
        #expect(none.totalCount == nil && none.currentPage == nil && none.requestId == nil)
    }

    @Test(arguments: [#"{"RequestId":"r"}"#, #"{"RequestId":"r","ActionList":null}"#, "{}"])
    func missingOrNullActionListIsAnEmptyPage(_ json: String) throws {
        let page = try Self.page(json)
        #expect(page.notifications.isEmpty)
        #expect(page.skippedItems == 0)
    }

    @Test func itemsWithoutUsableIdAreSkippedAndCounted() throws {
        let page = try Self.page(#"""
        {"PageInfo":{"TotalCount":6},"ActionList":[
          {"Id":1,"ActionName":"ok"}, {"ActionName":"no id"}, {"Id":null}, {"Id":"x"}, "not an object", {"Id":"2"}
        ]}
        """#)
        #expect(page.notifications.map(\.id) == [1, 2])
        #expect(page.skippedItems == 4)
    }

    @Test(arguments: [
        "", "not json", "<html>502</html>", #"{"ActionList":[{"Id":1}"#, "[]", #"[{"Id":1}]"#, "null", "42", #""text""#,
        #"{"ActionList":{"Id":1}}"#, #"{"ActionList":"[]"}"#, #"{"ActionList":7}"#,
    ])
    func badBodiesAreInvalidResponse(_ body: String) {
        let error = #expect(throws: APIError.self) { try Self.page(body) }
        #expect(error?.code == "InvalidResponse")
    }

    @Test func errorsNeverQuoteTheBody() {
        let body = #"{"ActionList":[{"Id":1,"Url":"https://oapi.dingtalk.com/robot/send?access_token=TOPSECRET"}"#
        let error = #expect(throws: APIError.self) { try Self.page(body) }
        #expect(error.map { "\($0)" }?.contains("TOPSECRET") == false)
        #expect(error?.message.contains("access_token") == false)
    }
}
