import Prometheus
import NIOConcurrencyHelpers

/// A counter family with one label besides `account` whose values come from
/// outside: values start with `initial` at 0, new ones get their own series
/// until the account has `maxValuesPerLabel` of them (initial ones included),
/// then fold into `Other`. First come, first kept: a live counter cannot
/// move to another series.
final class CappedCounterFamily: Sendable {
    private let family: Family
    private let label: String
    private let account: String
    private let registry: PrometheusCollectorRegistry
    private let limits: LabelLimits
    private let counters = NIOLockedValueBox<[String: Counter]>([:])
    /// Counts each value folded into `Other`.
    private let onOverflow: Counter?

    init(
        family: Family, label: String, account: String, initial: [String],
        registry: PrometheusCollectorRegistry, limits: LabelLimits, onOverflow: Counter? = nil
    ) {
        self.onOverflow = onOverflow
        self.family = family
        self.label = label
        self.account = account
        self.registry = registry
        self.limits = limits
        counters.withLockedValue { counters in
            for value in initial { counters[value] = make(value) }
        }
    }

    func increment(_ rawValue: String) {
        let counter = counters.withLockedValue { counters in
            // The initial values are stored as given, whatever the length limit.
            if let existing = counters[rawValue] { return existing }
            let value = limits.truncate(rawValue)
            if let existing = counters[value] { return existing }
            let named = counters.count - (counters[LabelLimits.overflowValue] == nil ? 0 : 1)
            // An empty value would read as a missing label: it goes to Other too.
            let published = (value.isEmpty || named >= limits.maxValuesPerLabel) ? LabelLimits.overflowValue : value
            if published != value { onOverflow?.increment() }
            if let existing = counters[published] { return existing }
            let created = make(published)
            counters[published] = created
            return created
        }
        counter.increment()
    }

    func unregister(from registry: PrometheusCollectorRegistry) {
        for counter in counters.withLockedValue({ Array($0.values) }) { registry.unregisterCounter(counter) }
    }

    private func make(_ value: String) -> Counter {
        registry.makeCounter(descriptor: family.descriptor, labels: [("account", account), (label, value)])
    }
}
