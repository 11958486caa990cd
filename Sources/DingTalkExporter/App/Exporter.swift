import AlibabaCloudCore
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SecurityCenter
import ServiceLifecycle

/// The assembled exporter: one poller per account, the published state, the
/// metrics, and the HTTP applications that serve them. Building it does no
/// I/O; `services` are run by the caller's `ServiceGroup`.
public struct Exporter: Sendable {
    public let config: ExporterConfig
    public let state: ExporterState
    public let metrics: ExporterMetrics
    public let routes: ExporterRoutesContext
    /// One per account, in config order; tests call `pollOnce()` directly.
    public let pollers: [AccountPoller<ContinuousClock>]
    let logger: Logger

    public init(
        config: ExporterConfig,
        httpClient: HTTPClient,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        buildInfo: BuildInfo = BuildInfo(),
        logger: Logger
    ) {
        self.config = config
        self.logger = logger
        let metrics = ExporterMetrics(
            buildInfo: buildInfo.version, revision: buildInfo.revision, swiftVersion: buildInfo.swiftVersion,
            includeBuildInfo: !config.disableExporterMetrics)
        let state = ExporterState(
            accounts: config.accounts.map { ($0.name, $0.endpoint.description) },
            renderer: SnapshotRenderer(
                notificationDetails: config.notificationDetails, maxNotifications: config.maxNotifications))
        self.metrics = metrics
        self.state = state
        self.routes = ExporterRoutesContext(
            state: state, metrics: metrics,
            processMetrics: config.disableExporterMetrics ? nil : ProcessMetrics(),
            telemetryPath: config.telemetryPath, buildInfo: buildInfo)

        self.pollers = config.accounts.map { account in
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
                    retryPolicy: RetryPolicy(maxRetries: account.maxRetries),
                    userAgent: "sas-dingtalk-exporter/\(buildInfo.version)", rateLimit: account.rateLimit),
                credentials: account.credentials.makeProvider(environment: environment),
                observer: tracker, logger: rpcLogger)
            let client = SecurityCenterClient(
                rpc: rpc, pageSize: account.pageSize, ruleActionName: account.ruleActionName, maxPages: account.maxPages,
                logger: rpcLogger)
            return AccountPoller(
                account: account.name, interval: config.pollInterval, jitter: config.pollJitter,
                fetch: { try await client.listAll() }, state: state, metrics: metrics, tracker: tracker,
                clock: ContinuousClock(), logger: logger)
        }
    }

    /// One Hummingbird application per listen address, all on the same router.
    public func makeApplications(
        onServerRunning: @escaping @Sendable (ListenAddress, Int) async -> Void = { _, _ in }
    ) -> [some ApplicationProtocol] {
        config.listenAddresses.map { address in
            Application(
                router: buildRouter(routes),
                configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
                onServerRunning: { channel in await onServerRunning(address, channel.localAddress?.port ?? address.port) },
                logger: logger)
        }
    }

    /// Pollers first, then the HTTP servers: the group shuts down in reverse,
    /// so the servers stop accepting before the pollers are cancelled.
    public func services(
        onServerRunning: @escaping @Sendable (ListenAddress, Int) async -> Void = { _, _ in }
    ) -> [any Service] {
        let servers = zip(config.listenAddresses, makeApplications(onServerRunning: onServerRunning)).map { address, app in
            ListeningService(app: app, address: address) as any Service
        }
        return pollers.map { $0 as any Service } + servers
    }
}
