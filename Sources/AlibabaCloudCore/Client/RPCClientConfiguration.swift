/// How an `RPCClient` talks to one endpoint.
public struct RPCClientConfiguration: Sendable {
    public var endpoint: Endpoint
    public var signatureVersion: SignatureVersion = .v3
    /// Per attempt, covering connect, head and the whole body.
    public var requestTimeout: Duration = .seconds(10)
    /// Bodies larger than this are refused (`InvalidResponse`) without being read further.
    public var maxResponseBytes: Int = 16 * 1024 * 1024
    public var retryPolicy = RetryPolicy()
    public var userAgent = "sas-dingtalk-exporter"
    /// Requests per second at most, retries included; nil: no limit.
    public var rateLimit: Double?

    public init(
        endpoint: Endpoint, signatureVersion: SignatureVersion = .v3, requestTimeout: Duration = .seconds(10),
        maxResponseBytes: Int = 16 * 1024 * 1024, retryPolicy: RetryPolicy = RetryPolicy(),
        userAgent: String = "sas-dingtalk-exporter", rateLimit: Double? = nil
    ) {
        self.rateLimit = rateLimit.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        self.endpoint = endpoint
        self.signatureVersion = signatureVersion
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.retryPolicy = retryPolicy
        self.userAgent = userAgent
    }
}
