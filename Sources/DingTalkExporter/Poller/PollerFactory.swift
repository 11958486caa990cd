import AlibabaCloudCore
import AsyncHTTPClient
import Logging
import SecurityCenter

/// Builds an account's poller with its own RPC client, credentials provider
/// and error tracker, sharing the HTTP client, the limiter, the state and
/// the metrics with every other account.
struct PollerFactory: Sendable {
    let httpClient: HTTPClient
    /// Where credential providers reach STS and the metadata service (tests point them at loopback fakes).
    let credentialsContext: CredentialsContext
    let userAgent: String
    let jitter: Double
    let limiter: AsyncSemaphore
    let state: ExporterState
    let metrics: ExporterMetrics
    let logger: Logger

    func make(_ account: AccountConfig) -> AccountPoller<ContinuousClock> {
        metrics.registerAccount(account.name)
        let tracker = AttemptErrorTracker(downstream: metrics.observer(forAccount: account.name))
        var rpcLogger = logger
        rpcLogger[metadataKey: "account"] = "\(account.name)"
        let rpc = RPCClient(
            httpClient: httpClient,
            configuration: RPCClientConfiguration(
                endpoint: account.endpoint, signatureVersion: account.signatureVersion,
                requestTimeout: account.requestTimeout, maxResponseBytes: account.maxResponseBytes,
                retryPolicy: RetryPolicy(maxRetries: account.maxRetries), userAgent: userAgent),
            credentials: AccountCredentialsProvider(
                account: account.name, inner: account.credentials.makeProvider(context: credentialsContext),
                state: state, logger: logger),
            observer: tracker, logger: rpcLogger)
        let client = SecurityCenterClient(
            rpc: rpc, pageSize: account.pageSize, ruleActionName: account.ruleActionName, maxPages: account.maxPages)
        return AccountPoller(
            account: account.name, interval: account.pollInterval, jitter: jitter,
            fetch: { try await client.listAll() }, state: state, metrics: metrics, tracker: tracker,
            clock: ContinuousClock(), limiter: limiter, logger: logger)
    }
}
