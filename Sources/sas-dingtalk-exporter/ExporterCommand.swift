import AlibabaCloudCore
import ArgumentParser
import AsyncHTTPClient
import DingTalkExporter
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
            Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and optionally \
            ALIBABA_CLOUD_SECURITY_TOKEN. The RAM permission needed is yundun-sas:DescribeDingTalk (read only). \
            Try it without an Alibaba Cloud account: sas-dingtalk-exporter --demo
            """,
        version: "sas-dingtalk-exporter \(BuildInfo.currentVersion) (revision \(BuildInfo.currentRevision), swift \(BuildInfo.compilerVersion))"
    )

    @Option(name: .customLong("web.listen-address"), help: ArgumentHelp("Address to listen on for HTTP; repeatable (default: :9891).", valueName: "[host]:port"))
    var listenAddresses: [ListenAddressArgument] = []

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath: String = "/metrics"

    @Flag(name: .customLong("web.disable-exporter-metrics"), help: "Leave out process_* metrics and the build info.")
    var disableExporterMetrics = false

    @Option(name: .customLong("log.level"), help: "Only log messages with this severity or above: debug, info, warn, error.")
    var logLevel: LogLevelArgument = .info

    @Option(name: .customLong("log.format"), help: "Output format of log messages: logfmt or json.")
    var logFormat: LogFormat = .logfmt

    @Option(name: .customLong("poll.interval"), help: ArgumentHelp("How often to call DescribeDingTalk (a little jitter is added).", valueName: "duration"))
    var pollInterval: DurationArgument = DurationArgument(.seconds(60))

    @Option(name: .customLong("aliyun.region"), help: "Region ID; picks the Security Center endpoint from the region map.")
    var region: String = "cn-shanghai"

    @Option(name: .customLong("aliyun.endpoint"), help: ArgumentHelp("Endpoint URL; overrides the region map (http:// allowed, for tests and proxies).", valueName: "url"))
    var endpoint: String?

    @Option(name: .customLong("aliyun.page-size"), help: "PageSize of each DescribeDingTalk call (1-1000).")
    var pageSize: Int = 20

    @Option(name: .customLong("aliyun.rule-action-name"), help: "Only list notifications with this name (RuleActionName).")
    var ruleActionName: String?

    @Option(name: .customLong("aliyun.signature"), help: "Request signature algorithm: v3 (ACS3-HMAC-SHA256) or v1 (HMAC-SHA1).")
    var signature: SignatureVersion = .v3

    @Option(name: .customLong("aliyun.request-timeout"), help: ArgumentHelp("Time-out of each API request.", valueName: "duration"))
    var requestTimeout: DurationArgument = DurationArgument(.seconds(10))

    @Option(name: .customLong("aliyun.max-retries"), help: "Retries of a throttled, failed (5xx) or timed-out request (0-10).")
    var maxRetries: Int = 3

    @Option(name: .customLong("aliyun.rate-limit"), help: ArgumentHelp("API requests per second per account at most, retries included.", valueName: "n"))
    var rateLimit: Double = 5

    @Option(name: .customLong("collector.notification-details"), help: ArgumentHelp("Export per-notification series (true or false).", valueName: "bool"))
    var notificationDetails: Bool = true

    @Option(name: .customLong("collector.max-notifications"), help: ArgumentHelp("Per-notification series per account at most; past it only the aggregates count (and the overflow is counted).", valueName: "n"))
    var maxNotifications: Int = 10_000

    @Flag(name: .customLong("demo"), help: "Poll a built-in simulated Security Center with sample data (no Alibaba Cloud account needed).")
    var demo = false

    @Option(name: .customLong("demo.notifications"), help: ArgumentHelp("With --demo: generate this many notifications instead of the sample set (for benchmarks).", valueName: "n"))
    var demoNotifications: Int?

    @Option(name: .customLong("demo.fault-rate"), help: ArgumentHelp("With --demo: about this fraction of API requests meet a random fault (for soak tests).", valueName: "0-1"))
    var demoFaultRate: Double = 0

    func validate() throws {
        guard (1...1000).contains(pageSize) else { throw ValidationError("--aliyun.page-size must be between 1 and 1000, got \(pageSize)") }
        guard rateLimit > 0, rateLimit.isFinite else { throw ValidationError("--aliyun.rate-limit must be more than 0, got \(rateLimit)") }
        guard maxNotifications >= 0 else { throw ValidationError("--collector.max-notifications must be 0 or more, got \(maxNotifications)") }
        guard (0...10).contains(maxRetries) else { throw ValidationError("--aliyun.max-retries must be between 0 and 10, got \(maxRetries)") }
        // 100ms is for soak tests against the demo; real accounts want a minute.
        guard pollInterval.value >= .milliseconds(100) else { throw ValidationError("--poll.interval must be at least 100ms") }
        guard (0...1).contains(demoFaultRate) else { throw ValidationError("--demo.fault-rate must be between 0 and 1, got \(demoFaultRate)") }
        guard requestTimeout.value > .zero else { throw ValidationError("--aliyun.request-timeout must be more than 0s") }
        guard telemetryPath.hasPrefix("/"), telemetryPath != "/", !telemetryPath.hasPrefix("/-/") else {
            throw ValidationError("--web.telemetry-path must start with / and not be / or under /-/, got \"\(telemetryPath)\"")
        }
        if let demoNotifications, !(0...1_000_000).contains(demoNotifications) {
            throw ValidationError("--demo.notifications must be between 0 and 1000000, got \(demoNotifications)")
        }
        if let endpoint, Endpoint(url: endpoint) == nil {
            throw ValidationError("--aliyun.endpoint \"\(endpoint)\" is not a URL like https://tds.cn-shanghai.aliyuncs.com")
        }
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
        LogBootstrap.bootstrap(format: logFormat, level: logLevel.level)
        let logger = Logger(label: "sas-dingtalk-exporter")
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: RPCClient.recommendedHTTPClientConfiguration())
        do {
            if demo {
                try await runDemo(httpClient: httpClient, logger: logger)
            } else {
                try await runExporter(accounts: [account(endpoint: nil, credentials: .environment)], httpClient: httpClient, logger: logger)
            }
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }

    func account(endpoint demoEndpoint: Endpoint?, credentials: CredentialsSource) -> AccountConfig {
        let endpoint = demoEndpoint
            ?? self.endpoint.flatMap(Endpoint.init(url:))
            ?? SecurityCenterEndpoint.forRegion(region)
        return AccountConfig(
            name: "default", endpoint: endpoint, credentials: credentials, signatureVersion: signature,
            pageSize: pageSize, ruleActionName: ruleActionName, requestTimeout: requestTimeout.value,
            maxRetries: maxRetries, rateLimit: rateLimit)
    }

    func exporterConfig(accounts: [AccountConfig]) -> ExporterConfig {
        ExporterConfig(
            accounts: accounts, pollInterval: pollInterval.value,
            listenAddresses: listenAddresses.isEmpty ? [ListenAddress(host: "0.0.0.0", port: 9891)] : listenAddresses.map(\.value),
            telemetryPath: telemetryPath, notificationDetails: notificationDetails,
            disableExporterMetrics: disableExporterMetrics, maxNotifications: maxNotifications)
    }

    func runExporter(accounts: [AccountConfig], httpClient: HTTPClient, logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: makeExporterServices(accounts: accounts, httpClient: httpClient, logger: logger).map { .graceful($0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    func makeExporterServices(accounts: [AccountConfig], httpClient: HTTPClient, logger: Logger) -> [any Service] {
        let config = exporterConfig(accounts: accounts)
        let exporter = Exporter(config: config, httpClient: httpClient, logger: logger)
        for account in accounts {
            logger.info(
                "polling account",
                metadata: [
                    "account": "\(account.name)", "endpoint": "\(account.endpoint)",
                    "credentials": "\(account.credentials.kind)", "interval": "\(DurationParser.format(config.pollInterval))",
                ])
        }
        return exporter.services(onServerRunning: { address, port in
            logger.info("listening", metadata: ["address": "\(ListenAddress(host: address.host, port: port))"])
        })
    }

    /// `--demo`: the simulator runs in this process on a loopback port, with
    /// sample data and its own key pair, and the exporter polls it. Both are
    /// services of one group, so SIGTERM stops the exporter first, then the
    /// simulator, each gracefully.
    func runDemo(httpClient: HTTPClient, logger: Logger) async throws {
        let key = SimulatorAccessKey(id: "demo-access-key-id", secret: "demo-access-key-secret")
        var simulatorLogger = logger
        simulatorLogger[metadataKey: "component"] = "simulator"
        let dataSet = demoNotifications.map { SimulatorDataSet.generate(count: $0, seed: 1) } ?? .demo
        let simulator = SecurityCenterSimulator(dataSet: dataSet, accessKeys: [key], logger: simulatorLogger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let simulatorService = DemoSimulatorService(simulator: simulator, ports: portContinuation)
        let exporterService = DemoExporterService(ports: ports) { port in
            let credentials = Credentials(accessKeyId: key.id, accessKeySecret: key.secret)
            let endpoint = Endpoint(scheme: "http", host: "127.0.0.1", port: port)
            return makeExporterServices(
                accounts: [account(endpoint: endpoint, credentials: .fixed(credentials))], httpClient: httpClient, logger: logger)
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
