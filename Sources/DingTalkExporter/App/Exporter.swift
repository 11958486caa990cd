import AlibabaCloudCore
import AsyncHTTPClient
import ExporterWeb
import Foundation
import Hummingbird
import Logging
import SecurityCenter
import ServiceLifecycle

/// The assembled exporter: one poller per account under a supervisor, the
/// published state, the metrics, the reloader, and the HTTP applications
/// that serve them. Building it does no I/O; `services` are run by the
/// caller's `ServiceGroup`.
public struct Exporter: Sendable {
    public let config: ExporterConfig
    public let state: ExporterState
    public let metrics: ExporterMetrics
    public let routes: ExporterRoutesContext
    /// The web config in force (TLS, basic auth, headers); reloaded with the config.
    public let web: WebConfigStore
    /// nil with `--web.disable-exporter-metrics`.
    public let httpMetrics: HTTPMetrics?
    /// The pollers of the accounts at start, in config order; tests call
    /// `pollOnce()` directly. A reload builds new ones inside the supervisor.
    public let pollers: [AccountPoller<ContinuousClock>]
    public let supervisor: PollerSupervisor
    public let reloader: ConfigReloader
    let logger: Logger

    /// - Parameters:
    ///   - reload: what a reload reads (the config file again); nil: the
    ///     accounts of `config`, so a reload only runs the hooks.
    ///   - reloadHooks: more to reload and validate with the config (the web config).
    public init(
        config: ExporterConfig,
        httpClient: HTTPClient,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        credentialsContext: CredentialsContext? = nil,
        buildInfo: BuildInfo = BuildInfo(),
        reload: ConfigReloader.Load? = nil,
        reloadHooks: [ConfigReloader.Hook] = [],
        web: WebConfigStore? = nil,
        logger: Logger
    ) {
        self.config = config
        self.logger = logger
        let webStore = web ?? WebConfigStore(logger: logger)
        self.web = webStore
        let metrics = ExporterMetrics(
            buildInfo: buildInfo.version, revision: buildInfo.revision, swiftVersion: buildInfo.swiftVersion,
            includeBuildInfo: !config.disableExporterMetrics)
        let state = ExporterState(
            accounts: config.accounts.map { ($0.name, $0.endpoint.description) },
            renderer: SnapshotRenderer(notificationDetails: config.notificationDetails))
        self.metrics = metrics
        self.state = state

        // Tests pass their own context to point STS and the metadata service at loopback fakes.
        let credentialsContext = credentialsContext ?? CredentialsContext(
            httpClient: httpClient, environment: environment, logger: logger)
        let factory = PollerFactory(
            httpClient: httpClient, credentialsContext: credentialsContext, userAgent: "sas-dingtalk-exporter/\(buildInfo.version)",
            jitter: config.pollJitter, limiter: AsyncSemaphore(permits: config.maxConcurrentPolls),
            state: state, metrics: metrics, logger: logger)
        let pollers = config.accounts.map { factory.make($0) }
        self.pollers = pollers
        let supervisor = PollerSupervisor(
            initial: zip(config.accounts, pollers).map { ($0, $1 as any Service) },
            makePoller: { factory.make($0) },
            onRemoved: { name in
                state.removeAccount(name)
                metrics.unregisterAccount(name)
            },
            logger: logger)
        self.supervisor = supervisor
        let accounts = config.accounts
        // The web config (passwords, certificates) is re-read with the config:
        // a broken one refuses the whole reload and the old one stays.
        let webHook: [ConfigReloader.Hook] = webStore.path == nil ? [] : [{ try webStore.reload() }]
        let reloader = ConfigReloader(
            load: reload ?? { LoadedConfig(accounts: accounts) }, hooks: reloadHooks + webHook,
            apply: { accounts in
                for account in accounts { metrics.registerAccount(account.name) }
                state.setAccounts(accounts.map { ($0.name, $0.endpoint.description) })
                await supervisor.apply(accounts)
            },
            metrics: metrics, logger: logger)
        self.reloader = reloader
        self.routes = ExporterRoutesContext(
            state: state, metrics: metrics,
            processMetrics: config.disableExporterMetrics ? nil : ProcessMetrics(),
            telemetryPath: config.telemetryPath, buildInfo: buildInfo,
            reload: { try await reloader.reload(trigger: "HTTP") })
        self.httpMetrics = config.disableExporterMetrics
            ? nil : HTTPMetrics(registry: metrics.registry, knownPaths: Set(knownRoutes(telemetryPath: config.telemetryPath)))
    }

    /// One Hummingbird application per listen address, all on the same router
    /// behind the web layer (limits, basic auth, headers, HTTP metrics), over
    /// TLS when the web config says so.
    public func makeApplications(
        onServerRunning: @escaping @Sendable (ListenAddress, Int) async -> Void = { _, _ in }
    ) -> [some ApplicationProtocol] {
        // Hummingbird announces each address at info; the caller does, with
        // the port actually bound, so the server's own line is left out.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let options = WebServerOptions(maxConcurrentRequests: config.maxRequests)
        let middleware = web.middleware(options, observer: httpMetrics, context: BasicRequestContext.self)
        return config.listenAddresses.map { address in
            Application(
                router: buildRouter(routes, web: middleware),
                server: web.serverBuilder(options),
                configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
                onServerRunning: { channel in await onServerRunning(address, channel.localAddress?.port ?? address.port) },
                logger: serverLogger)
        }
    }

    /// The supervisor (and the SIGHUP listener) first, then the HTTP servers:
    /// the group shuts down in reverse, so the servers stop accepting before
    /// the pollers are cancelled.
    public func services(
        reloadOnSIGHUP: Bool = false,
        onServerRunning: @escaping @Sendable (ListenAddress, Int) async -> Void = { _, _ in }
    ) -> [any Service] {
        let servers = zip(config.listenAddresses, makeApplications(onServerRunning: onServerRunning)).map { address, app in
            ListeningService(app: app, address: address) as any Service
        }
        let signals: [any Service] = reloadOnSIGHUP ? [ReloadSignalService(reloader: reloader)] : []
        let watcher: [any Service] = web.path == nil ? [] : [WebConfigWatcher(store: web)]
        return [supervisor as any Service] + signals + watcher + servers
    }
}
