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
    let changes: ChangeLog
    let logger: Logger

    func make(_ account: AccountConfig) -> AccountPoller<ContinuousClock> {
        if account.endpoint.isPlainHTTPOffMachine {
            logger.warning(
                "endpoint is plain http:// and not loopback: requests and answers (webhook URLs, STS tokens) travel unencrypted",
                metadata: ["account": "\(account.name)", "endpoint": "\(account.endpoint)"])
        }
        metrics.registerAccount(account.name)
        let tracker = AttemptErrorTracker(downstream: metrics.observer(forAccount: account.name))
        var rpcLogger = logger
        rpcLogger[metadataKey: "account"] = "\(account.name)"
        let rpc = RPCClient(
            httpClient: httpClient,
            configuration: RPCClientConfiguration(
                endpoint: account.endpoint, signatureVersion: account.signatureVersion,
                requestTimeout: account.requestTimeout, maxResponseBytes: account.maxResponseBytes,
                retryPolicy: RetryPolicy(maxRetries: account.maxRetries), userAgent: userAgent,
                rateLimit: account.rateLimit),
            credentials: AccountCredentialsProvider(
                account: account.name, inner: account.credentials.makeProvider(context: credentialsContext),
                state: state, logger: logger),
            observer: tracker, logger: rpcLogger)
        let client = SecurityCenterClient(
            rpc: rpc, pageSize: account.pageSize, ruleActionName: account.ruleActionName, maxPages: account.maxPages,
            logger: rpcLogger)
        return AccountPoller(
            account: account.name, interval: account.pollInterval, jitter: jitter,
            fetch: { try await client.listAll() }, state: state, metrics: metrics, tracker: tracker,
            clock: ContinuousClock(), limiter: limiter, changes: changes,
            source: "\(account.endpoint) \(account.ruleActionName ?? "")", logger: logger)
    }
}
