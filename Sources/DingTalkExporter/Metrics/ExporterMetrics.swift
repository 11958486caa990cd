import AlibabaCloudCore
import Foundation
import Prometheus
import NIOConcurrencyHelpers

/// The exporter's own live series (API requests and errors, polls, config
/// reloads, change events, build info), in one `PrometheusCollectorRegistry`
/// that every scrape emits as it is at that moment.
///
/// Every account's series exist from `registerAccount` on, at 0, so that
/// `rate()` and absence alerts work before the first error. Label values that
/// can come from outside (error codes, change kinds) are capped by
/// `LabelLimits`; names and help texts are constants, so no input can reach
/// the registry's fatal paths (help or type mismatch).
public final class ExporterMetrics: RPCObserver, Sendable {
    /// The change kinds of DESIGN section 9, each initialised at 0.
    public static let changeKinds: [String] = ChangeKind.allCases.map(\.rawValue)

    /// Upper bounds of `aliyun_sas_dingtalk_api_request_duration_seconds`:
    /// from a fast regional answer to the longest request time-out worth having.
    public static let requestDurationBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// The account an `ExporterMetrics` used directly as an `RPCObserver`
    /// records into: the name an account has without a config file.
    public static let defaultAccount = "default"

    public let registry: PrometheusCollectorRegistry
    public let limits: LabelLimits
    private let accounts = NIOLockedValueBox<[String: AccountSeries]>([:])
    private let reloadSuccesses: Counter
    private let reloadFailures: Counter
    private let lastReloadSuccess: Gauge

    /// - Parameters:
    ///   - buildInfo: the exporter's version, for `aliyun_sas_dingtalk_exporter_build_info`.
    ///   - includeBuildInfo: false with `--web.disable-exporter-metrics`: no build info series at all.
    public init(
        registry: PrometheusCollectorRegistry = .init(), limits: LabelLimits = .init(),
        buildInfo version: String = "unknown", revision: String = "unknown", swiftVersion: String = "unknown",
        includeBuildInfo: Bool = true
    ) {
        self.registry = registry
        self.limits = limits
        reloadSuccesses = registry.makeCounter(descriptor: Family.configReloads.descriptor, labels: [("result", "success")])
        reloadFailures = registry.makeCounter(descriptor: Family.configReloads.descriptor, labels: [("result", "failure")])
        lastReloadSuccess = registry.makeGauge(descriptor: Family.lastReloadSuccess.descriptor)
        if includeBuildInfo {
            registry.makeGauge(
                descriptor: Family.buildInfo.descriptor,
                labels: [("version", version), ("revision", revision), ("swift_version", swiftVersion)]
            ).set(to: 1)
        }
    }

    // MARK: Accounts

    /// Creates the account's series at their initial values (0; `up` 0;
    /// every well-known error code and every change kind at 0). Idempotent.
    public func registerAccount(_ name: String) {
        _ = series(for: name)
    }

    /// Removes every series of the account, e.g. after a reload dropped it.
    public func unregisterAccount(_ name: String) {
        guard let series = accounts.withLockedValue({ $0.removeValue(forKey: name) }) else { return }
        series.unregister(from: registry)
    }

    /// An `RPCObserver` that records the account's requests, latency and
    /// failed attempts. Registers the account if needed.
    public func observer(forAccount name: String) -> any RPCObserver {
        AccountObserver(series: series(for: name))
    }

    /// Records attempts into `defaultAccount`; use `observer(forAccount:)` for named accounts.
    public func rpcAttemptFinished(action: String, duration: Duration, error: APIError?) {
        AccountObserver(series: series(for: Self.defaultAccount))
            .rpcAttemptFinished(action: action, duration: duration, error: error)
    }

    // MARK: Polls, errors, changes

    /// One poll ended: counts it, sets `up`, the poll's duration and, on
    /// success, the last success time.
    public func pollFinished(account: String, duration: Duration, success: Bool, at date: Date) {
        let series = series(for: account)
        series.polls.increment()
        if !success { series.pollFailures.increment() }
        series.up.set(to: success ? 1 : 0)
        series.pollDuration.set(to: duration.prometheusSeconds)
        if success { series.lastSuccess.set(to: date.timeIntervalSince1970) }
    }

    /// An error the RPC client did not report as an attempt (pagination
    /// limit, undecodable body, missing credentials).
    public func recordError(account: String, code: String) {
        series(for: account).errors.increment(code)
    }

    /// One change event of DESIGN section 9 (`change` is one of `changeKinds`).
    public func recordChange(account: String, change: String) {
        series(for: account).changes.increment(change)
    }

    /// What one poll's rendering dropped over the caps.
    public func recordOverflow(account: String, _ overflow: LabelOverflow) {
        series(for: account).overflow.record(overflow)
    }

    // MARK: Config

    public func configReloaded(success: Bool, at date: Date) {
        if success {
            reloadSuccesses.increment()
            lastReloadSuccess.set(to: date.timeIntervalSince1970)
        } else {
            reloadFailures.increment()
        }
    }

    // MARK: Output

    /// Appends every series in the text format (0.0.4), without timestamps,
    /// families by name and series by labels, the same order every scrape.
    public func emit(into buffer: inout [UInt8]) {
        var live: [UInt8] = []
        registry.emit(into: &live)
        buffer += StableExposition.sorted(live)
    }

    private func series(for account: String) -> AccountSeries {
        accounts.withLockedValue { accounts in
            if let existing = accounts[account] { return existing }
            let created = AccountSeries(account: account, registry: registry, limits: limits)
            accounts[account] = created
            return created
        }
    }
}

/// Records one account's RPC attempts; what `observer(forAccount:)` hands out.
private struct AccountObserver: RPCObserver {
    let series: AccountSeries

    func rpcAttemptFinished(action: String, duration: Duration, error: APIError?) {
        switch error?.code {
        case APIError.Code.cancelled:
            // Shutdown cut the attempt short: not the API's doing.
            return
        case APIError.Code.credentialsUnavailable:
            // No request went out: an error, but neither a request nor a latency.
            series.errors.increment(APIError.Code.credentialsUnavailable)
        default:
            series.requests.increment()
            series.requestDuration.record(duration)
            if let error { series.errors.increment(error.code) }
        }
    }
}

/// Handles to one account's series, made once so the hot path is atomics only.
private final class AccountSeries: Sendable {
    let requests: Counter
    let requestDuration: DurationHistogram
    let errors: CappedCounterFamily
    let up: Gauge
    let lastSuccess: Gauge
    let pollDuration: Gauge
    let polls: Counter
    let pollFailures: Counter
    let changes: CappedCounterFamily
    let overflow: LabelOverflowCounters

    init(account: String, registry: PrometheusCollectorRegistry, limits: LabelLimits) {
        let labels = [("account", account)]
        overflow = LabelOverflowCounters(account: account, registry: registry, descriptor: Family.labelOverflow.descriptor)
        requests = registry.makeCounter(descriptor: Family.requests.descriptor, labels: labels)
        requestDuration = registry.makeDurationHistogram(
            descriptor: Family.requestDuration.descriptor, labels: labels, buckets: ExporterMetrics.requestDurationBuckets)
        up = registry.makeGauge(descriptor: Family.up.descriptor, labels: labels)
        lastSuccess = registry.makeGauge(descriptor: Family.lastSuccess.descriptor, labels: labels)
        pollDuration = registry.makeGauge(descriptor: Family.pollDuration.descriptor, labels: labels)
        polls = registry.makeCounter(descriptor: Family.polls.descriptor, labels: labels)
        pollFailures = registry.makeCounter(descriptor: Family.pollFailures.descriptor, labels: labels)
        errors = CappedCounterFamily(
            family: .errors, label: "code", account: account, initial: APIError.Code.wellKnown,
            registry: registry, limits: limits, onOverflow: overflow.code)
        changes = CappedCounterFamily(
            family: .changes, label: "change", account: account, initial: ExporterMetrics.changeKinds,
            registry: registry, limits: limits)
    }

    func unregister(from registry: PrometheusCollectorRegistry) {
        for counter in [requests, polls, pollFailures] { registry.unregisterCounter(counter) }
        for gauge in [up, lastSuccess, pollDuration] { registry.unregisterGauge(gauge) }
        registry.unregisterDurationHistogram(requestDuration)
        errors.unregister(from: registry)
        changes.unregister(from: registry)
        overflow.unregister(from: registry)
    }
}

/// The families `ExporterMetrics` writes. Names and help are fixed here,
/// never derived from input.
struct Family: Sendable {
    let name: String
    let help: String

    var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: name, unitName: "", helpText: help) }

    static let requests = Self(
        name: "aliyun_sas_dingtalk_api_requests_total", help: "DescribeDingTalk requests sent, retries included.")
    static let errors = Self(
        name: "aliyun_sas_dingtalk_api_errors_total", help: "Failed DescribeDingTalk requests by error code.")
    static let requestDuration = Self(
        name: "aliyun_sas_dingtalk_api_request_duration_seconds", help: "Latency of each DescribeDingTalk request in seconds.")
    static let up = Self(
        name: "aliyun_sas_dingtalk_up", help: "Whether the last poll of the account succeeded (1) or not (0).")
    static let lastSuccess = Self(
        name: "aliyun_sas_dingtalk_last_success_timestamp_seconds",
        help: "End of the last successful poll in seconds since the epoch, 0 before the first.")
    static let pollDuration = Self(
        name: "aliyun_sas_dingtalk_poll_duration_seconds", help: "Duration of the last poll in seconds.")
    static let polls = Self(name: "aliyun_sas_dingtalk_polls_total", help: "Polls run.")
    static let pollFailures = Self(name: "aliyun_sas_dingtalk_poll_failures_total", help: "Polls that failed.")
    static let changes = Self(
        name: "aliyun_sas_dingtalk_notification_changes_total",
        help: "Changes of DingTalk notifications between two successful polls, by kind.")
    static let labelOverflow = Self(
        name: "aliyun_sas_dingtalk_label_overflow_total",
        help: "Label values folded into Other, or per-notification series dropped, by a cap.")
    static let buildInfo = Self(
        name: "aliyun_sas_dingtalk_exporter_build_info",
        help: "A metric with a constant '1' value labeled by version, revision and swift_version from which the exporter was built.")
    static let configReloads = Self(
        name: "aliyun_sas_dingtalk_config_reloads_total", help: "Configuration reloads by result.")
    static let lastReloadSuccess = Self(
        name: "aliyun_sas_dingtalk_config_last_reload_success_timestamp_seconds",
        help: "Time of the last successful configuration reload in seconds since the epoch, 0 before the first.")
}

extension Duration {
    /// The duration in (fractional) seconds, as Prometheus wants it.
    fileprivate var prometheusSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
