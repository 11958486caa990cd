import AlibabaCloudCore
import Logging

/// `DescribeDingTalk` over an `RPCClient`: one page, or every page.
public struct SecurityCenterClient: Sendable {
    public static let describeDingTalkAction = "DescribeDingTalk"

    public let rpc: RPCClient
    public let pageSize: Int
    public let ruleActionName: String?
    public let maxPages: Int
    let logger: Logger

    public init(
        rpc: RPCClient, pageSize: Int = 20, ruleActionName: String? = nil, maxPages: Int = 1000,
        logger: Logger = Logger(label: "aliyun.sas")
    ) {
        self.rpc = rpc
        self.pageSize = max(1, pageSize)
        self.ruleActionName = ruleActionName
        self.maxPages = max(1, maxPages)
        self.logger = logger
    }

    /// The request parameters of one page, integers as decimal strings.
    public func parameters(page: Int) -> [(String, String)] {
        var parameters = [("CurrentPage", String(page)), ("PageSize", String(pageSize))]
        if let ruleActionName, !ruleActionName.isEmpty { parameters.append(("RuleActionName", ruleActionName)) }
        return parameters
    }

    /// One page. A body that does not decode fails the attempt with
    /// `InvalidResponse` (seen by the RPC observer, not retried).
    public func describeDingTalk(page: Int) async throws -> DescribeDingTalkPage {
        try await rpc.call(
            action: Self.describeDingTalkAction, version: SecurityCenterEndpoint.apiVersion,
            parameters: parameters(page: page)
        ) { response in
            var decoded = try DescribeDingTalkPage.decode(response.body)
            decoded.requestId = ResponseText.token(decoded.requestId) ?? response.requestId
            return decoded
        }
    }

    /// Every page, per `DingTalkPager`. Throws the first failing page's `APIError`.
    public func listAll() async throws -> DingTalkListing {
        try await DingTalkPager(pageSize: pageSize, maxPages: maxPages, logger: logger).listAll { page in
            try await describeDingTalk(page: page)
        }
    }
}
