/// The two things the client needs from an injected `any Clock<Duration>`:
/// measure an interval and sleep. Opened once, synchronously, because the
/// compiler will not open the existential into a generic async function
/// when Foundation is imported.
struct ClockAdapter: Sendable {
    /// Starts a stopwatch; calling the result gives the time elapsed since.
    let startStopwatch: @Sendable () -> @Sendable () -> Duration
    let sleep: @Sendable (Duration) async throws -> Void

    init(_ clock: some Clock<Duration>) {
        startStopwatch = {
            let start = clock.now
            return { start.duration(to: clock.now) }
        }
        sleep = { try await clock.sleep(for: $0) }
    }
}
