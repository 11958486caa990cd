import NIOConcurrencyHelpers

/// A clock whose `sleep` returns at once and records how long it was asked
/// to sleep, so retry back-off can be asserted exactly without waiting.
final class SimulatorRecordingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = NIOLockedValueBox<(now: Instant, sleeps: [Duration])>((Instant(offset: .zero), []))

    var now: Instant { state.withLockedValue { $0.now } }
    var minimumResolution: Duration { .zero }
    var sleeps: [Duration] { state.withLockedValue { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        state.withLockedValue {
            $0.sleeps.append($0.now.duration(to: deadline))
            $0.now = max($0.now, deadline)
        }
    }
}
