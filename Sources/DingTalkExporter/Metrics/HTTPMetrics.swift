import ExporterWeb
import Prometheus
import NIOConcurrencyHelpers

/// `aliyun_sas_dingtalk_http_requests_total{path,code}` and
/// `aliyun_sas_dingtalk_http_request_duration_seconds{path}`, fed by the web
/// layer. `path` is one of the exporter's routes or `other`, so scanners
/// probing random URLs cannot create series.
public final class HTTPMetrics: HTTPRequestObserver {
    /// Prometheus' default buckets: scrapes take milliseconds to seconds.
    public static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    public static let otherPath = "other"

    private let registry: PrometheusCollectorRegistry
    private let knownPaths: Set<String>
    private let requests = NIOLockedValueBox<[RequestKey: Counter]>([:])
    private let durations: [String: DurationHistogram]

    struct RequestKey: Hashable {
        var path: String
        var code: Int
    }

    /// - Parameter knownPaths: the routes served; anything else is `other`.
    public init(registry: PrometheusCollectorRegistry, knownPaths: Set<String>) {
        self.registry = registry
        self.knownPaths = knownPaths
        var durations: [String: DurationHistogram] = [:]
        for path in knownPaths.union([Self.otherPath]) {
            durations[path] = registry.makeDurationHistogram(
                descriptor: Self.durationDescriptor, labels: [("path", path)], buckets: Self.durationBuckets)
        }
        self.durations = durations
    }

    public func requestFinished(path: String, status: Int, duration: Duration) {
        let label = knownPaths.contains(path) ? path : Self.otherPath
        let counter = requests.withLockedValue { requests in
            let key = RequestKey(path: label, code: status)
            if let existing = requests[key] { return existing }
            let created = registry.makeCounter(
                descriptor: Self.requestsDescriptor, labels: [("path", label), ("code", String(status))])
            requests[key] = created
            return created
        }
        counter.increment()
        durations[label]?.record(duration)
    }

    static var requestsDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "aliyun_sas_dingtalk_http_requests_total", unitName: "",
            helpText: "HTTP requests served by path (a known route or other) and status code.")
    }

    static var durationDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            metricName: "aliyun_sas_dingtalk_http_request_duration_seconds", unitName: "",
            helpText: "Time to answer an HTTP request, body written, in seconds.")
    }
}
