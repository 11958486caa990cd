import AlibabaCloudCore
import Foundation
import SecurityCenter
import SecurityCenterSimulator
import Testing

/// Paging through generated data sets with the real `SecurityCenterClient`:
/// what the simulator serves must come back byte for byte.
@Suite struct SimulatorPagingTests {
    typealias Support = SimulatorTestSupport

    static let big = SimulatorDataSet.generate(count: 250, seed: 42)

    /// Signature, requested page size, and the pages the pager needs for 250
    /// items (the simulator clamps `PageSize` to 100).
    static let listCases: [(SignatureVersion, Int, Int)] = [
        (.v3, 20, 13), (.v1, 20, 13), (.v3, 100, 3), (.v3, 500, 3), (.v3, 7, 36),
    ]

    @Test(arguments: listCases)
    func listAllReturnsExactlyTheDataSet(signature: SignatureVersion, pageSize: Int, pages: Int) async throws {
        try await Support.withSimulator(Self.big) { simulator, endpoint in
            let client = Support.securityCenter(endpoint, signature: signature, pageSize: pageSize)
            let listing = try await client.listAll()
            #expect(listing.notifications == Self.big.notifications.map(Support.expected))
            #expect(listing.notifications.count == 250)
            #expect(listing.reportedTotal == 250)
            #expect(listing.pages == pages)
            #expect(listing.skippedItems == 0)
            #expect(listing.duplicates == 0)
            #expect(simulator.requestCount == pages)
        }
    }

    /// Kept moderate: the client's lenient decoding, not the simulator, is
    /// what takes the time on big sets in debug builds.
    @Test func twoThousandItems() async throws {
        let dataSet = SimulatorDataSet.generate(count: 2_000, seed: 77)
        try await Support.withSimulator(dataSet) { simulator, endpoint in
            let listing = try await Support.securityCenter(endpoint, pageSize: 100).listAll()
            #expect(listing.notifications == dataSet.notifications.map(Support.expected))
            #expect(listing.pages == 20)
            #expect(simulator.requestCount == 20)
        }
    }

    @Test func hostileValuesSurviveTheRoundTrip() async throws {
        try await Support.withSimulator(Self.big) { _, endpoint in
            let listing = try await Support.securityCenter(endpoint).listAll()
            let names = listing.notifications.map(\.name)
            #expect(names.filter { $0 == "Alert notification\n" }.count == 3)
            #expect(names.filter { $0 == "🚨 Critical alerts 🔥 生产" }.count == 3)
            #expect(names.filter { $0 == #"Prod "critical" alerts \ on-call"# }.count == 3)
            #expect(names.filter { $0.utf8.count == 1024 && $0.hasPrefix("Very long notification name ") }.count == 3)
            #expect(names.filter { $0 == "Line one\nline two\r\nline three" }.count == 3)
            #expect(names.filter { $0 == "tab\there\u{0}nul\u{1B}[31mred" }.count == 3)
            #expect(names.filter { $0 == "" }.count == 3)
            // The same bytes, not just equal strings under Unicode equivalence.
            #expect(names.map { Array($0.utf8) } == Self.big.notifications.map { Array($0.name.utf8) })
            #expect(listing.notifications.filter { $0.alertTypes == nil }.count
                == Self.big.notifications.filter { $0.alertTypes == nil }.count)
            #expect(Set(listing.notifications.compactMap(\.status)) == [0, 1, 2])
            #expect(Set(listing.notifications.compactMap(\.language)) == ["zh", "en", "ja", "EN", ""])
        }
    }

    /// Lie, data set size, page size: the pager's result. A larger lie walks
    /// on until the first empty page past the real end and returns every
    /// real item; a smaller lie ends the walk early, with the pages read so far.
    static let lies: [(Int, Int, Int, Int)] = [
        // (TotalCount sent, items returned, pages read, requests)
        (300, 250, 14, 14),
        (10_000, 250, 14, 14),
        (10, 20, 1, 1),
        (0, 20, 1, 1),
        (245, 260, 13, 13),
    ]

    @Test(arguments: lies)
    func lyingTotalCount(total: Int, returned: Int, pages: Int, requests: Int) async throws {
        let dataSet = total == 245 ? SimulatorDataSet.generate(count: 260, seed: 42) : Self.big
        try await Support.withSimulator(dataSet) { simulator, endpoint in
            simulator.inject(.lyingTotalCount(total), times: 50)
            let listing = try await Support.securityCenter(endpoint).listAll()
            #expect(listing.notifications.count == returned)
            #expect(listing.notifications == Array(dataSet.notifications.prefix(returned)).map(Support.expected))
            #expect(listing.reportedTotal == total)
            #expect(listing.pages == pages)
            #expect(simulator.requestCount == requests)
            #expect(simulator.pendingFaults.count == 50 - requests)
        }
    }

    @Test func duplicatePagesForeverFailAfterThreeStalePages() async throws {
        try await Support.withSimulator(Self.big) { simulator, endpoint in
            simulator.inject(.duplicatePages, times: 50)
            let error = await #expect(throws: APIError.self) { try await Support.securityCenter(endpoint).listAll() }
            #expect(error?.code == "InvalidResponse")
            // Page 1 adds 20; pages 2, 3 and 4 repeat it.
            #expect(simulator.requestCount == 4)
        }
    }

    @Test func aServiceIgnoringCurrentPageFailsOnPageTwo() async throws {
        try await Support.withSimulator(Self.big) { simulator, endpoint in
            simulator.inject(.ignoreCurrentPage, times: 50)
            let error = await #expect(throws: APIError.self) { try await Support.securityCenter(endpoint).listAll() }
            #expect(error?.code == "InvalidResponse")
            #expect(error?.message.contains("page 1 when asked for page 2") == true)
            #expect(error?.requestId?.isEmpty == false)
            #expect(simulator.requestCount == 2)
        }
    }

    /// A cap below the page size asked for (20), with and without TotalCount:
    /// every item, in pages of the cap, and without TotalCount one empty page more.
    @Test(arguments: [(7, true), (7, false), (1, true), (19, false)])
    func aSilentlyCappedPageSizeStillListsEverything(cap: Int, withTotalCount: Bool) async throws {
        let dataSet = SimulatorDataSet.generate(count: 45, seed: 3)
        try await Support.withSimulator(dataSet) { simulator, endpoint in
            simulator.inject(.capPageSize(cap, withTotalCount: withTotalCount), times: 100)
            let listing = try await Support.securityCenter(endpoint).listAll()
            #expect(listing.notifications == dataSet.notifications.map(Support.expected))
            #expect(listing.reportedTotal == (withTotalCount ? 45 : nil))
            let pages = (45 + cap - 1) / cap + (withTotalCount ? 0 : 1)
            #expect(listing.pages == pages)
            #expect(simulator.requestCount == pages)
        }
    }

    @Test func aMissingTotalCountIsReportedAsAbsentNotZero() async throws {
        let dataSet = SimulatorDataSet.generate(count: 30, seed: 4)
        try await Support.withSimulator(dataSet) { simulator, endpoint in
            simulator.inject(.omitTotalCount, times: 10)
            let listing = try await Support.securityCenter(endpoint).listAll()
            #expect(listing.reportedTotal == nil)
            #expect(listing.notifications == dataSet.notifications.map(Support.expected))
            // 20, 10, then the empty page that ends a walk without TotalCount.
            #expect(simulator.requestCount == 3)
        }
    }

    @Test func duplicatePagesAreDroppedWhenTheyEndTheWalk() async throws {
        // Page 1 twice, then the true pages 3 and 4: the pager counts each Id once.
        let dataSet = SimulatorDataSet.generate(count: 70, seed: 9)
        try await Support.withSimulator(dataSet) { simulator, endpoint in
            simulator.inject(.duplicatePages, times: 2)
            let listing = try await Support.securityCenter(endpoint).listAll()
            // Pages: 1 (items 0-19), "2" = page 1 again, 3 (40-59), 4 (60-69), 5 (empty).
            let expectedIds = Array(dataSet.notifications[0..<20]) + Array(dataSet.notifications[40..<70])
            #expect(listing.notifications == expectedIds.map(Support.expected))
            #expect(listing.duplicates == 20)
            #expect(listing.pages == 5)
            #expect(simulator.requestCount == 5)
        }
    }

    static let filters = ["告警", "Vulnerability", #"Prod "critical" alerts \ on-call"#, "🚨", "Alert notification\n", "nothing matches this"]

    @Test(arguments: filters)
    func ruleActionNameFiltersBySubstring(filter: String) async throws {
        try await Support.withSimulator(Self.big) { _, endpoint in
            let expected = Self.big.notifications.filter { $0.name.utf8.contains(filter.utf8) }
            for signature in SignatureVersion.allCases {
                let listing = try await Support.securityCenter(endpoint, signature: signature, ruleActionName: filter).listAll()
                #expect(listing.notifications == expected.map(Support.expected))
                #expect(listing.reportedTotal == expected.count)
            }
        }
    }

    @Test func dataSetCanChangeBetweenPolls() async throws {
        try await Support.withSimulator(SimulatorDataSet.generate(count: 45, seed: 1)) { simulator, endpoint in
            let client = Support.securityCenter(endpoint)
            let first = try await client.listAll()
            #expect(first.notifications.count == 45)
            let smaller = SimulatorDataSet.generate(count: 3, seed: 2)
            simulator.setDataSet(smaller)
            #expect(simulator.dataSet == smaller)
            let second = try await client.listAll()
            #expect(second.notifications == smaller.notifications.map(Support.expected))
            #expect(second.pages == 1)
            simulator.setDataSet(SimulatorDataSet(notifications: []))
            let empty = try await client.listAll()
            #expect(empty.notifications == [])
            #expect(empty.reportedTotal == 0)
            #expect(empty.pages == 1)
        }
    }

    @Test(arguments: [true, false])
    func wireQuirksAreTolerated(quirks: Bool) async throws {
        var dataSet = Self.big
        dataSet.wireQuirks = quirks
        try await Support.withSimulator(dataSet) { _, endpoint in
            let client = Support.client(endpoint)
            var stringIds = 0, unknownFields = 0
            for page in 1...3 {
                let object = try Support.json(try await Support.describe(client, page: page, pageSize: 100))
                for case let item as [String: Any] in object["ActionList"] as? [Any] ?? [] {
                    if item["Id"] is String { stringIds += 1 }
                    if item["ExtInfo"] != nil || item["DingTalkRobotTags"] != nil { unknownFields += 1 }
                }
            }
            #expect(stringIds == (quirks ? 12 : 0))
            #expect(unknownFields == (quirks ? 19 : 0))
            let listing = try await Support.securityCenter(endpoint, pageSize: 100).listAll()
            #expect(listing.notifications == dataSet.notifications.map(Support.expected))
        }
    }

    /// Raw parameters and the resulting `PageInfo` (or error code).
    static let parameterCases: [([(String, String)], String)] = [
        ([], "page=1 size=20 count=20"),
        ([("CurrentPage", "3")], "page=3 size=20 count=5"),
        ([("CurrentPage", "4")], "page=4 size=20 count=0"),
        ([("CurrentPage", "0"), ("PageSize", "0")], "page=1 size=20 count=20"),
        ([("CurrentPage", "-2"), ("PageSize", "1000")], "page=1 size=100 count=45"),
        ([("CurrentPage", "9223372036854775807"), ("PageSize", "100")], "page=9223372036854775807 size=100 count=0"),
        ([("PageSize", "abc")], "InvalidParameter"),
        ([("CurrentPage", "1.5")], "InvalidParameter"),
    ]

    @Test(arguments: parameterCases)
    func pageParameters(parameters: [(String, String)], expected: String) async throws {
        try await Support.withSimulator { _, endpoint in
            let client = Support.client(endpoint)
            do {
                let response = try await client.call(action: Support.action, version: Support.version, parameters: parameters)
                let object = try Support.json(response)
                let info = object["PageInfo"] as? [String: Any] ?? [:]
                let summary = "page=\(info["CurrentPage"] ?? "-") size=\(info["PageSize"] ?? "-") count=\(info["Count"] ?? "-")"
                #expect(summary == expected)
                #expect(info["TotalCount"] as? Int == 45)
                #expect((object["ActionList"] as? [Any])?.count == info["Count"] as? Int)
            } catch let error as APIError {
                #expect(error.code == expected)
                #expect(error.httpStatus == 400)
            }
        }
    }
}
