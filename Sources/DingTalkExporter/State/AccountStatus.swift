import AlibabaCloudCore
import Foundation

/// How an account's polling is going, for the landing page, `/-/ready` and logs.
public struct AccountStatus: Sendable {
    public var account: String
    /// The endpoint polled, for the landing page (never carries credentials).
    public var endpoint: String
    public var pollsFinished: Int = 0
    public var lastPollEnded: Date?
    public var lastPollDuration: Duration?
    public var lastSuccess: Date?
    /// The error of the last poll; nil when it succeeded.
    public var lastError: APIError?
    /// The credentials provider in use and the masked key id, e.g.
    /// `default_chain/ecs_ram_role (****************WXYZ)`; nil before any credentials were found.
    public var credentials: String?
    /// Notifications in the published snapshot.
    public var notificationCount: Int?

    public init(account: String, endpoint: String) {
        self.account = account
        self.endpoint = endpoint
    }

    public var hasFinishedFirstPoll: Bool { pollsFinished > 0 }
}
