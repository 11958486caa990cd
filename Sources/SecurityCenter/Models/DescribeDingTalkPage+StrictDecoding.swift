import AlibabaCloudCore
/// The fast path of `DescribeDingTalkPage.decode`: one pass of
/// `StrictJSONScanner` over the body, no `Codable`, no failing `try?` per
/// field. It returns nil whenever the scanner is not sure to agree with the
/// `Codable` decoder (see `StrictJSONScanner`), including for every body that
/// decoder rejects, so errors and their messages still come from there.
extension DescribeDingTalkPage {
    package static func decodeStrictly(_ body: [UInt8]) -> DescribeDingTalkPage? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = StrictJSONScanner(buffer)
            do throws(StrictJSONScanner.Unsupported) {
                let page = try readPage(&scanner)
                try scanner.expectEnd()
                return page
            } catch {
                return nil
            }
        }
    }

    private enum RootKey: Int, CaseIterable {
        case requestId, pageInfo, actionList, currentPage, pageSize, totalCount

        static let names: [[UInt8]] = ["RequestId", "PageInfo", "ActionList", "CurrentPage", "PageSize", "TotalCount"]
            .map { Array($0.utf8) }
        /// `PageInfo` members: the last three root keys, in the same order.
        static let pageInfoNames = Array(names[3...])
    }

    /// The root object, as `Wire` reads it: `PageInfo` fields first, the
    /// root-level ones when `PageInfo` is not an object or lacks them.
    private static func readPage(_ scanner: inout StrictJSONScanner) throws(StrictJSONScanner.Unsupported) -> DescribeDingTalkPage {
        guard try scanner.peek() == UInt8(ascii: "{") else { throw StrictJSONScanner.Unsupported() }
        var page = DescribeDingTalkPage()
        var seen = Set<Int>()
        var inPageInfo: [Int?] = [nil, nil, nil]
        var atRoot: [Int?] = [nil, nil, nil]
        try scanner.forEachMember { (scanner: inout StrictJSONScanner) throws(StrictJSONScanner.Unsupported) in
            guard let position = try scanner.readKey(matching: RootKey.names), let key = RootKey(rawValue: position)
            else { return try scanner.skipValue() }
            // `JSONDecoder` keeps the first of duplicate keys; not worth copying.
            guard seen.insert(position).inserted else { throw StrictJSONScanner.Unsupported() }
            switch key {
            case .requestId:
                page.requestId = try scanner.readValue().scalarText
            case .pageInfo:
                guard try scanner.peek() == UInt8(ascii: "{") else { return try scanner.skipValue() }
                inPageInfo = try readPageInfo(&scanner)
            case .actionList:
                try readActionList(&scanner, into: &page)
            case .currentPage, .pageSize, .totalCount:
                atRoot[position - RootKey.currentPage.rawValue] = try scanner.readValue().lenientInt
            }
        }
        page.currentPage = inPageInfo[0] ?? atRoot[0]
        page.pageSize = inPageInfo[1] ?? atRoot[1]
        page.totalCount = inPageInfo[2] ?? atRoot[2]
        return page
    }

    private static func readPageInfo(_ scanner: inout StrictJSONScanner) throws(StrictJSONScanner.Unsupported) -> [Int?] {
        var values: [Int?] = [nil, nil, nil]
        var seen = Set<Int>()
        try scanner.forEachMember { (scanner: inout StrictJSONScanner) throws(StrictJSONScanner.Unsupported) in
            guard let position = try scanner.readKey(matching: RootKey.pageInfoNames) else { return try scanner.skipValue() }
            guard seen.insert(position).inserted else { throw StrictJSONScanner.Unsupported() }
            values[position] = try scanner.readValue().lenientInt
        }
        return values
    }

    /// `null` is an empty page; anything but an array is an error, which the
    /// `Codable` decoder reports. Elements that are not objects, or have no
    /// usable `Id`, are skipped.
    private static func readActionList(
        _ scanner: inout StrictJSONScanner, into page: inout DescribeDingTalkPage
    ) throws(StrictJSONScanner.Unsupported) {
        switch try scanner.peek() {
        case UInt8(ascii: "n"):
            try scanner.skipValue()
        case UInt8(ascii: "["):
            let hasher = KeyedHasher()
            try scanner.forEachElement { (scanner: inout StrictJSONScanner) throws(StrictJSONScanner.Unsupported) in
                guard try scanner.peek() == UInt8(ascii: "{") else {
                    try scanner.skipValue()
                    page.skippedItems += 1
                    return
                }
                if let notification = try DingTalkNotification.readStrictly(&scanner, hasher: hasher) {
                    page.notifications.append(notification)
                } else {
                    page.skippedItems += 1
                }
            }
        default:
            throw StrictJSONScanner.Unsupported()
        }
    }
}
