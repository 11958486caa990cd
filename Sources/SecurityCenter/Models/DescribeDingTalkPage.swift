import AlibabaCloudCore
import Foundation

/// One page of `DescribeDingTalk`.
public struct DescribeDingTalkPage: Sendable {
    public var requestId: String?
    /// `PageInfo.CurrentPage`.
    public var currentPage: Int?
    /// `PageInfo.PageSize`.
    public var pageSize: Int?
    /// `PageInfo.TotalCount`: what the service claims; the pager does not trust it blindly.
    public var totalCount: Int?
    /// The decodable elements of `ActionList`, in order.
    public var notifications: [DingTalkNotification]
    /// `ActionList` elements without a usable `Id`, left out.
    public var skippedItems: Int

    public init(
        requestId: String? = nil, currentPage: Int? = nil, pageSize: Int? = nil, totalCount: Int? = nil,
        notifications: [DingTalkNotification] = [], skippedItems: Int = 0
    ) {
        self.requestId = requestId
        self.currentPage = currentPage
        self.pageSize = pageSize
        self.totalCount = totalCount
        self.notifications = notifications
        self.skippedItems = skippedItems
    }

    /// Decodes a 2xx body. Throws `APIError` `InvalidResponse` when the body is
    /// not JSON, not an object, or `ActionList` is not an array; a missing or
    /// `null` `ActionList` is an empty page. Error messages never quote the
    /// body (it holds webhook URLs).
    ///
    /// Real responses take the fast path (`decodeStrictly`); the `Codable`
    /// decoder below stays the definition of the behaviour and takes every
    /// body the fast path is not sure about, so both always agree.
    public static func decode(_ body: [UInt8]) throws -> DescribeDingTalkPage {
        if let page = decodeStrictly(body) { return page }
        return try decodeWithCodable(body)
    }

    /// The reference decoder: slow (many failing `try?` per field), exact.
    package static func decodeWithCodable(_ body: [UInt8]) throws -> DescribeDingTalkPage {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(body))
        } catch let error as APIError {
            throw error
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw APIError(code: APIError.Code.invalidResponse, message: "DescribeDingTalk response is not valid JSON")
        } catch {
            throw APIError(
                code: APIError.Code.invalidResponse, message: "DescribeDingTalk response has an unexpected shape")
        }
        return DescribeDingTalkPage(
            requestId: wire.requestId, currentPage: wire.currentPage, pageSize: wire.pageSize,
            totalCount: wire.totalCount, notifications: wire.notifications, skippedItems: wire.skipped)
    }

    /// The response document. `PageInfo` fields are also accepted at the top
    /// level, where some API versions put them.
    private struct Wire: Decodable {
        var requestId: String?
        var currentPage: Int?
        var pageSize: Int?
        var totalCount: Int?
        var notifications: [DingTalkNotification] = []
        var skipped = 0

        enum Keys: String, CodingKey {
            case requestId = "RequestId", pageInfo = "PageInfo", actionList = "ActionList"
            case currentPage = "CurrentPage", pageSize = "PageSize", totalCount = "TotalCount"
        }

        init(from decoder: any Decoder) throws {
            let root = try decoder.container(keyedBy: Keys.self)
            requestId = root.lenientString(forKey: .requestId)
            let pageInfo = try? root.nestedContainer(keyedBy: Keys.self, forKey: .pageInfo)
            currentPage = pageInfo?.lenientInt(forKey: .currentPage) ?? root.lenientInt(forKey: .currentPage)
            pageSize = pageInfo?.lenientInt(forKey: .pageSize) ?? root.lenientInt(forKey: .pageSize)
            totalCount = pageInfo?.lenientInt(forKey: .totalCount) ?? root.lenientInt(forKey: .totalCount)

            guard root.contains(.actionList), try !root.decodeNil(forKey: .actionList) else { return }
            guard let items = try? root.decode([Lossy].self, forKey: .actionList) else {
                throw APIError(code: APIError.Code.invalidResponse, message: "DescribeDingTalk ActionList is not a list")
            }
            for item in items {
                if let notification = item.notification { notifications.append(notification) } else { skipped += 1 }
            }
        }
    }

    /// One `ActionList` element that may fail to decode without failing the page.
    private struct Lossy: Decodable {
        var notification: DingTalkNotification?
        init(from decoder: any Decoder) throws {
            notification = try? DingTalkNotification(from: decoder)
        }
    }
}
