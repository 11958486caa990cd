import NIOConcurrencyHelpers

/// A value behind a mutex that escaping closures (services, task-group
/// children, the reload's loader) can share.
final class Locked<Value: Sendable>: Sendable {
    private let box: NIOLockedValueBox<Value>

    init(_ value: Value) { box = NIOLockedValueBox(value) }

    func withLock<R: Sendable>(_ body: (inout Value) throws -> R) rethrows -> R {
        try box.withLockedValue { value in try body(&value) }
    }

    var value: Value { withLock { $0 } }
}

/// Counts how many tasks are inside a section at once, and the most ever.
final class PeakCounter: Sendable {
    private let state = Locked((now: 0, peak: 0, entries: 0))

    func enter() { state.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now); $0.entries += 1 } }
    func leave() { state.withLock { $0.now -= 1 } }
    var peak: Int { state.value.peak }
    var entries: Int { state.value.entries }
}
