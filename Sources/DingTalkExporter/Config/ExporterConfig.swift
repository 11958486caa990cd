/// The whole exporter's settings: accounts plus process-wide options.
public struct ExporterConfig: Sendable {
    public var accounts: [AccountConfig]
    /// Fraction of the interval used as +/- jitter, so many exporters (or
    /// accounts) do not hit the API in lock-step.
    public var pollJitter: Double
    public var listenAddresses: [ListenAddress]
    public var telemetryPath: String
    public var notificationDetails: Bool
    public var disableExporterMetrics: Bool
    /// Polls allowed to run at the same moment, over all accounts, so many
    /// accounts never burst the API.
    public var maxConcurrentPolls: Int
    /// `--web.max-requests`: concurrent HTTP requests before 503.
    public var maxRequests: Int

    public init(
        accounts: [AccountConfig],
        pollJitter: Double = 0.1,
        listenAddresses: [ListenAddress] = [ListenAddress(host: "0.0.0.0", port: 9891)],
        telemetryPath: String = "/metrics",
        notificationDetails: Bool = true,
        disableExporterMetrics: Bool = false,
        maxConcurrentPolls: Int = 4,
        maxRequests: Int = 40
    ) {
        self.accounts = accounts
        self.pollJitter = pollJitter
        self.listenAddresses = listenAddresses
        self.telemetryPath = telemetryPath
        self.notificationDetails = notificationDetails
        self.disableExporterMetrics = disableExporterMetrics
        self.maxConcurrentPolls = maxConcurrentPolls
        self.maxRequests = maxRequests
    }
}
