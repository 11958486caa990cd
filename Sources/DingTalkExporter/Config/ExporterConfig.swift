/// The whole exporter's settings: accounts plus process-wide options.
public struct ExporterConfig: Sendable {
    public var accounts: [AccountConfig]
    public var pollInterval: Duration
    /// Fraction of the interval used as +/- jitter, so many exporters (or
    /// accounts) do not hit the API in lock-step.
    public var pollJitter: Double
    public var listenAddresses: [ListenAddress]
    public var telemetryPath: String
    public var notificationDetails: Bool
    public var disableExporterMetrics: Bool
    /// `--collector.max-notifications`: per account, per poll.
    public var maxNotifications: Int

    public init(
        accounts: [AccountConfig],
        pollInterval: Duration = .seconds(60),
        pollJitter: Double = 0.1,
        listenAddresses: [ListenAddress] = [ListenAddress(host: "0.0.0.0", port: 9891)],
        telemetryPath: String = "/metrics",
        notificationDetails: Bool = true,
        disableExporterMetrics: Bool = false,
        maxNotifications: Int = 10_000
    ) {
        self.maxNotifications = maxNotifications
        self.accounts = accounts
        self.pollInterval = pollInterval
        self.pollJitter = pollJitter
        self.listenAddresses = listenAddresses
        self.telemetryPath = telemetryPath
        self.notificationDetails = notificationDetails
        self.disableExporterMetrics = disableExporterMetrics
    }
}
