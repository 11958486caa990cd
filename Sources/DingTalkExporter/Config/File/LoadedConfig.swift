/// What a config (a file, or the flags alone) resolves to: the accounts with
/// every setting decided, the process-wide keys the file gave, and warnings.
public struct LoadedConfig: Sendable, Equatable {
    public var accounts: [AccountConfig]
    /// `notification_details` of the file (nil: not given; the flag or the default decides).
    public var notificationDetails: Bool?
    /// `max_concurrent_polls` of the file (nil: not given).
    public var maxConcurrentPolls: Int?
    public var warnings: [ConfigDiagnostic]
    /// The file read, nil when the accounts come from flags alone.
    public var file: String?

    public init(
        accounts: [AccountConfig], notificationDetails: Bool? = nil, maxConcurrentPolls: Int? = nil,
        warnings: [ConfigDiagnostic] = [], file: String? = nil
    ) {
        self.accounts = accounts
        self.notificationDetails = notificationDetails
        self.maxConcurrentPolls = maxConcurrentPolls
        self.warnings = warnings
        self.file = file
    }
}
