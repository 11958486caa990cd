import AlibabaCloudCore
import ArgumentParser
import AsyncHTTPClient
import DingTalkExporter
import ExporterWeb
import Foundation
import Logging
import SecurityCenter
import SecurityCenterSimulator
import ServiceLifecycle

@main
struct ExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sas-dingtalk-exporter",
        abstract: "Prometheus exporter for Alibaba Cloud Security Center's DingTalk notifications (DescribeDingTalk).",
        discussion: """
            Credentials come from the Alibaba Cloud default chain, as in the official SDKs: environment \
            (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN), OIDC/RRSA, \
            CLI profile, credentials file, ECS instance RAM role (see the README's Credentials section). The RAM permission needed is yundun-sas:DescribeDingTalk (read only). \
            Try it without an Alibaba Cloud account: sas-dingtalk-exporter --demo
            """,
        version: "sas-dingtalk-exporter \(BuildInfo.currentVersion) (revision \(BuildInfo.currentRevision), swift \(BuildInfo.compilerVersion))"
    )

    @Option(name: .customLong("web.listen-address"), help: ArgumentHelp("Address to listen on for HTTP; repeatable (default: :9891).", valueName: "[host]:port"))
    var listenAddresses: [ListenAddressArgument] = []

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath: String = "/metrics"

    @Flag(name: .customLong("web.disable-exporter-metrics"), help: "Leave out process_* metrics, the build info and the HTTP request metrics.")
    var disableExporterMetrics = false

    @Option(name: .customLong("web.config.file"), help: ArgumentHelp("Web config file in exporter-toolkit's format: TLS, client certificates, basic auth, headers.", valueName: "path"))
    var webConfigFile: String?

    @Option(name: .customLong("web.max-requests"), help: "Concurrent HTTP requests served at most; more get 503.")
    var maxRequests: Int = 40

    @Option(name: .customLong("changes.history-size"), help: ArgumentHelp("Change events kept for /api/v1/changes.", valueName: "n"))
    var changesHistorySize: Int = 200

    @Option(name: .customLong("log.level"), help: "Only log messages with this severity or above: debug, info, warn, error.")
    var logLevel: LogLevelArgument = .info

    @Option(name: .customLong("log.format"), help: "Output format of log messages: logfmt or json.")
    var logFormat: LogFormat = .logfmt

    @Option(name: .customLong("config.file"), help: ArgumentHelp("YAML file with the accounts to poll and their settings (see the README).", valueName: "path"))
    var configFile: String?

    @Flag(name: .customLong("config.check"), help: "Validate the config, print a redacted summary and exit (0 valid, 1 invalid). Makes no network call.")
    var configCheck = false

    @Option(name: .customLong("config.shard"), help: ArgumentHelp("Poll only the accounts whose name hashes to N modulo M (0 <= N < M), to split accounts over M replicas.", valueName: "N/M"))
    var configShard: ConfigShardArgument?

    // The flags below that an account of the config file can also set are
    // optional: a flag given on the command line beats the file's global key
    // but not the account's own key; the defaults live in AccountSettings.builtIn.

    // `.unconditional`: a value such as `-5s` is this option's (bad) value,
    // not an unknown flag, so the error says what is wrong with it.
    @Option(
        name: .customLong("poll.interval"), parsing: .unconditional,
        help: ArgumentHelp("How often to call DescribeDingTalk, a little jitter added (default: 60s).", valueName: "duration"),
        transform: DurationArgument.parse)
    var pollInterval: DurationArgument?

    @Option(name: .customLong("aliyun.region"), help: "Region ID; picks the Security Center endpoint from the region map (default: cn-shanghai).")
    var region: String?

    @Option(name: .customLong("aliyun.endpoint"), help: ArgumentHelp("Endpoint URL; overrides the region map (http:// allowed, for tests and proxies).", valueName: "url"))
    var endpoint: String?

    @Option(name: .customLong("aliyun.page-size"), parsing: .unconditional, help: "PageSize of each DescribeDingTalk call, 1-1000 (default: 20).")
    var pageSize: Int?

    @Option(name: .customLong("aliyun.rule-action-name"), help: "Only list notifications with this name (RuleActionName).")
    var ruleActionName: String?

    @Option(name: .customLong("aliyun.signature"), help: "Request signature algorithm: v3 (ACS3-HMAC-SHA256, the default) or v1 (HMAC-SHA1).")
    var signature: SignatureVersion?

    @Option(
        name: .customLong("aliyun.request-timeout"), parsing: .unconditional,
        help: ArgumentHelp("Time-out of each API request (default: 10s).", valueName: "duration"), transform: DurationArgument.parse)
    var requestTimeout: DurationArgument?

    @Option(name: .customLong("aliyun.max-retries"), parsing: .unconditional, help: "Retries of a throttled, failed (5xx) or timed-out request, 0-10 (default: 3).")
    var maxRetries: Int?

    @Option(name: .customLong("aliyun.rate-limit"), parsing: .unconditional, help: ArgumentHelp("API requests per second per account at most, retries included (default: 5).", valueName: "n"))
    var rateLimit: Double?

    @Option(name: .customLong("collector.notification-details"), help: ArgumentHelp("Export per-notification series, true or false (default: true).", valueName: "bool"))
    var notificationDetails: Bool?

    @Option(name: .customLong("collector.max-notifications"), parsing: .unconditional, help: ArgumentHelp("Per-notification series per account at most; past it only the aggregates count (and the overflow is counted) (default: 10000).", valueName: "n"))
    var maxNotifications: Int?

    @Flag(name: .customLong("demo"), help: "Poll a built-in simulated Security Center with sample data (no Alibaba Cloud account needed).")
    var demo = false

    @Option(name: .customLong("demo.notifications"), parsing: .unconditional, help: ArgumentHelp("With --demo: generate this many notifications instead of the sample set (for benchmarks).", valueName: "n"))
    var demoNotifications: Int?

    @Option(name: .customLong("demo.fault-rate"), help: ArgumentHelp("With --demo: about this fraction of API requests meet a random fault (for soak tests).", valueName: "0-1"))
    var demoFaultRate: Double = 0

    // Hidden: a fixed loopback port for the demo's simulator, so a script can
    // reach its control routes (/_sim/..., scripts/e2e-prometheus.sh). 0: any free port.
    @Option(name: .customLong("demo.simulator-port"), help: .hidden)
    var demoSimulatorPort: Int = 0

    func validate() throws {
        if let pageSize, !(1...1000).contains(pageSize) { throw ValidationError("--aliyun.page-size must be between 1 and 1000, got \(pageSize)") }
        guard maxRequests >= 1 else { throw ValidationError("--web.max-requests must be at least 1, got \(maxRequests)") }
        guard (0...100_000).contains(changesHistorySize) else {
            throw ValidationError("--changes.history-size must be between 0 and 100000, got \(changesHistorySize)")
        }
        if let rateLimit, !(rateLimit > 0 && rateLimit.isFinite) { throw ValidationError("--aliyun.rate-limit must be more than 0, got \(rateLimit)") }
        if let maxNotifications, maxNotifications < 0 { throw ValidationError("--collector.max-notifications must be 0 or more, got \(maxNotifications)") }
        if let maxRetries, !(0...10).contains(maxRetries) { throw ValidationError("--aliyun.max-retries must be between 0 and 10, got \(maxRetries)") }
        // 100ms is for soak tests against the demo; real accounts want a minute.
        if let pollInterval, pollInterval.value < .milliseconds(100) { throw ValidationError("--poll.interval must be at least 100ms") }
        guard (0...1).contains(demoFaultRate) else { throw ValidationError("--demo.fault-rate must be between 0 and 1, got \(demoFaultRate)") }
        if let requestTimeout, requestTimeout.value <= .zero { throw ValidationError("--aliyun.request-timeout must be more than 0s") }
        guard telemetryPath.hasPrefix("/"), telemetryPath != "/", !telemetryPath.hasPrefix("/-/") else {
            throw ValidationError("--web.telemetry-path must start with / and not be / or under /-/, got \"\(telemetryPath)\"")
        }
        if demoNotifications != nil, !demo {
            throw ValidationError("--demo.notifications needs --demo")
        }
        guard (0...65535).contains(demoSimulatorPort) else { throw ValidationError("--demo.simulator-port must be between 0 and 65535") }
        if let demoNotifications, !(0...1_000_000).contains(demoNotifications) {
            throw ValidationError("--demo.notifications must be between 0 and 1000000, got \(demoNotifications)")
        }
        if let endpoint, Endpoint(url: endpoint) == nil {
            throw ValidationError("--aliyun.endpoint \"\(endpoint)\" is not a URL like https://tds.cn-shanghai.aliyuncs.com")
        }
        if demo, configFile != nil { throw ValidationError("--demo polls its own simulated account: leave out --config.file") }
    }

    /// Bad flags print one line and exit 2, like the Prometheus exporters
    /// (ArgumentParser's own default is 64 with the whole usage).
    static func main() async {
        var parsed: any ParsableCommand
        do {
            parsed = try parseAsRoot()
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --version
            }
            FileHandle.standardError.write(Data("sas-dingtalk-exporter: error: \(message(for: error)) (see --help)\n".utf8))
            Foundation.exit(2)
        }
        guard let command = parsed as? ExporterCommand else {
            // --help comes back as ArgumentParser's own help command.
            do {
                try parsed.run()
                exit(withError: nil)
            } catch {
                exit(withError: error)
            }
        }
        do {
            try await command.run()
        } catch {
            FileHandle.standardError.write(Data("sas-dingtalk-exporter: error: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }

    func run() async throws {
        if configCheck {
            Foundation.exit(checkConfig())
        }
        LogBootstrap.bootstrap(format: logFormat, level: logLevel.level)
        let logger = Logger(label: "sas-dingtalk-exporter")
        // Refuse a bad config before anything starts; the error lists every problem of the file.
        let loaded = demo ? LoadedConfig(accounts: []) : try loadConfig()
        for warning in loaded.warnings { logger.warning("config warning", metadata: ["warning": "\(warning)"]) }
        // Before anything starts: a web config that cannot be loaded is fatal,
        // never a fall-back to plain HTTP.
        let web = try WebConfigStore(path: webConfigFile, logger: logger)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: RPCClient.recommendedHTTPClientConfiguration())
        do {
            if demo {
                try await runDemo(httpClient: httpClient, web: web, logger: logger)
            } else {
                try await runExporter(loaded, httpClient: httpClient, web: web, logger: logger)
            }
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    func exporterConfig(_ loaded: LoadedConfig) -> ExporterConfig {
        ExporterConfig(
            accounts: loaded.accounts,
            listenAddresses: listenAddresses.isEmpty ? [ListenAddress(host: "0.0.0.0", port: 9891)] : listenAddresses.map(\.value),
            telemetryPath: telemetryPath, notificationDetails: notificationDetails ?? loaded.notificationDetails ?? true,
            disableExporterMetrics: disableExporterMetrics, maxNotifications: maxNotifications ?? loaded.maxNotifications ?? 10_000,
            maxConcurrentPolls: loaded.maxConcurrentPolls ?? 4, maxRequests: maxRequests, changesHistorySize: changesHistorySize)
    }

    func runExporter(_ loaded: LoadedConfig, httpClient: HTTPClient, web: WebConfigStore, logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: makeExporterServices(loaded, reloadable: true, httpClient: httpClient, web: web, logger: logger)
                    .map { .graceful($0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    func makeExporterServices(
        _ loaded: LoadedConfig, reloadable: Bool, httpClient: HTTPClient, web: WebConfigStore, logger: Logger
    ) -> [any Service] {
        let config = exporterConfig(loaded)
        let command = self
        let reload: ConfigReloader.Load? = reloadable ? { @Sendable () throws -> LoadedConfig in try command.loadConfig() } : nil
        let exporter = Exporter(
            config: config, httpClient: httpClient, reload: reload,
            reloadHooks: reloadable ? reloadHooks() : [], web: web, logger: logger)
        for account in config.accounts {
            logger.info(
                "polling account",
                metadata: [
                    "account": "\(account.name)", "endpoint": "\(account.endpoint)",
                    "credentials": "\(account.credentials.kind)", "interval": "\(DurationParser.format(account.pollInterval))",
                ])
        }
        return exporter.services(reloadOnSIGHUP: reloadable, onServerRunning: { address, port in
            logger.info(
                "listening",
                metadata: ["address": "\(ListenAddress(host: address.host, port: port))", "tls": "\(web.current.usesTLS)"])
        })
    }

    /// `--demo`: the simulator runs in this process on a loopback port, with
    /// sample data and its own key pair, and the exporter polls it. Both are
    /// services of one group, so SIGTERM stops the exporter first, then the
    /// simulator, each gracefully.
    /// Nonces the demo's simulator remembers: a minute of a soak run's
    /// requests (about 3 MB), still far more than replays need.
    static let demoNonceCapacity = 10_000

    func runDemo(httpClient: HTTPClient, web: WebConfigStore, logger: Logger) async throws {
        let key = SimulatorAccessKey(id: "demo-access-key-id", secret: "demo-access-key-secret")
        var simulatorLogger = logger
        simulatorLogger[metadataKey: "component"] = "simulator"
        let dataSet = demoNotifications.map { SimulatorDataSet.generate(count: $0, seed: 1) } ?? .demo
        // A small replay cache: the demo's simulator shares the exporter's
        // process, and a full default cache (about 30 MB after some 100,000
        // requests) would read as the exporter's memory in a soak run.
        let simulator = SecurityCenterSimulator(
            dataSet: dataSet, accessKeys: [key], port: demoSimulatorPort, logger: simulatorLogger,
            nonceCapacity: Self.demoNonceCapacity)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let simulatorService = DemoSimulatorService(simulator: simulator, ports: portContinuation)
        let exporterService = DemoExporterService(ports: ports) { port in
            let credentials = Credentials(accessKeyId: key.id, accessKeySecret: key.secret)
            let endpoint = Endpoint(scheme: "http", host: "127.0.0.1", port: port)
            let account = flagSettings(endpoint: endpoint).resolve(name: "default", credentials: .fixed(credentials))
            return makeExporterServices(
                LoadedConfig(accounts: [account]), reloadable: false, httpClient: httpClient, web: web, logger: logger)
        }
        // A service that returns ends the group: the chaos one runs only when asked for.
        let chaos: [ServiceGroupConfiguration.ServiceConfiguration] =
            demoFaultRate > 0 ? [.graceful(DemoChaosService(simulator: simulator, rate: demoFaultRate))] : []
        let group = ServiceGroup(
            configuration: .init(
                services: [.graceful(simulatorService)] + chaos + [.graceful(exporterService)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    enum DemoError: Error, CustomStringConvertible {
        case simulatorDidNotStart
        var description: String { "the demo's simulated Security Center did not start" }
    }
}
