import Prometheus

/// One account's `aliyun_sas_dingtalk_label_overflow_total`, one series per
/// capped label, all from 0 so that an alert on `increase()` works at once.
final class LabelOverflowCounters: Sendable {
    /// The `label` values, in output order.
    static let labels = ["code", "language", "type", "notification"]

    let code: Counter
    let language: Counter
    let type: Counter
    let notification: Counter

    init(account: String, registry: PrometheusCollectorRegistry, descriptor: MetricNameDescriptor) {
        func make(_ label: String) -> Counter {
            registry.makeCounter(descriptor: descriptor, labels: [("account", account), ("label", label)])
        }
        code = make("code")
        language = make("language")
        type = make("type")
        notification = make("notification")
    }

    func record(_ overflow: LabelOverflow) {
        if overflow.language > 0 { language.increment(by: Int64(overflow.language)) }
        if overflow.type > 0 { type.increment(by: Int64(overflow.type)) }
        if overflow.notification > 0 { notification.increment(by: Int64(overflow.notification)) }
    }

    func unregister(from registry: PrometheusCollectorRegistry) {
        for counter in [code, language, type, notification] { registry.unregisterCounter(counter) }
    }
}
