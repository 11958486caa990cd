import AlibabaCloudCore

/// Everything one monitored account needs, resolved from flags and the
/// config file into plain values before any service starts. Equatable so a
/// reload can tell an unchanged account from a changed one.
public struct AccountConfig: Sendable, Equatable {
    /// The `account` label value.
    public var name: String
    public var endpoint: Endpoint
    public var credentials: CredentialsSource
    public var signatureVersion: SignatureVersion
    public var pageSize: Int
    public var ruleActionName: String?
    public var requestTimeout: Duration
    public var maxRetries: Int
    public var maxResponseBytes: Int
    public var maxPages: Int
    /// Time between two polls (jitter is added around it).
    public var pollInterval: Duration

    public init(
        name: String = "default",
        endpoint: Endpoint,
        credentials: CredentialsSource = .defaultChain,
        signatureVersion: SignatureVersion = .v3,
        pageSize: Int = 20,
        ruleActionName: String? = nil,
        requestTimeout: Duration = .seconds(10),
        maxRetries: Int = 3,
        maxResponseBytes: Int = 16 * 1024 * 1024,
        maxPages: Int = 1000,
        pollInterval: Duration = .seconds(60)
    ) {
        self.name = name
        self.endpoint = endpoint
        self.credentials = credentials
        self.signatureVersion = signatureVersion
        self.pageSize = pageSize
        self.ruleActionName = ruleActionName
        self.requestTimeout = requestTimeout
        self.maxRetries = maxRetries
        self.maxResponseBytes = maxResponseBytes
        self.maxPages = maxPages
        self.pollInterval = pollInterval
    }
}
