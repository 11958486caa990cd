import Foundation
import Logging

/// One change of one notification between two successful polls of an account.
///
/// `before` and `after` are nil where there is nothing to show (`created`,
/// `deleted`) or where the value is a secret (`webhook_changed`): a webhook
/// URL carries the chatbot's access token and never leaves the process.
public struct ChangeEvent: Sendable, Equatable {
    /// When the poll that saw the change ended.
    public var time: Date
    public var account: String
    /// The notification's `Id`.
    public var id: Int64
    /// Its `ActionName`: the new one, or the last one seen if it was deleted.
    public var name: String
    public var change: ChangeKind
    public var before: String?
    public var after: String?

    public init(
        time: Date, account: String, id: Int64, name: String, change: ChangeKind, before: String? = nil,
        after: String? = nil
    ) {
        self.time = time
        self.account = account
        self.id = id
        self.name = name
        self.change = change
        self.before = before
        self.after = after
    }
}

extension ChangeEvent {
    /// The fields of the info line that logs the event (the poller's logger
    /// adds `account`); `before` and `after` only where the event has them.
    var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = ["id": "\(id)", "name": "\(name)", "change": "\(change.rawValue)"]
        if let before { metadata["before"] = "\(before)" }
        if let after { metadata["after"] = "\(after)" }
        return metadata
    }
}
