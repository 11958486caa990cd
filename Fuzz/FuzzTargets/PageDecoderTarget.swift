import AlibabaCloudCore
import SecurityCenter

/// The fast strict scanner and the `Codable` decoder must agree on every
/// body the scanner accepts; neither may crash on any body.
enum PageDecoderTarget {
    static func run(_ input: [UInt8]) {
        let codable: DescribeDingTalkPage?
        do {
            codable = try DescribeDingTalkPage.decodeWithCodable(input)
        } catch let error as APIError {
            precondition(error.code == APIError.Code.invalidResponse, "unexpected code \(error.code)")
            codable = nil
        } catch {
            preconditionFailure("decodeWithCodable threw a non-APIError: \(error)")
        }
        guard let strict = DescribeDingTalkPage.decodeStrictly(input) else { return }
        guard let codable else { preconditionFailure("strict path accepted a body the Codable decoder refuses") }
        precondition(strict.requestId == codable.requestId, "RequestId differs")
        precondition(strict.currentPage == codable.currentPage, "CurrentPage differs")
        precondition(strict.pageSize == codable.pageSize, "PageSize differs")
        precondition(strict.totalCount == codable.totalCount, "TotalCount differs")
        precondition(strict.skippedItems == codable.skippedItems, "skipped items differ")
        precondition(strict.notifications == codable.notifications, "notifications differ")
        // And the public entry point gives that same page.
        precondition((try? DescribeDingTalkPage.decode(input))?.notifications == strict.notifications)
    }
}
