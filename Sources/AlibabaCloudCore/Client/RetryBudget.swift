/// How long the operation in progress (one poll of an account) may still
/// run. `RPCClient` does not start a retry that could end past it (back-off
/// plus one request time-out), so a poll fails with the last error rather
/// than run into the next one.
///
/// Carried as a task-local value: the poller sets it around a poll, the RPC
/// client reads it, and nothing in between (the pager, the Security Center
/// client) has to pass it along.
public struct RetryBudget: Sendable {
    /// The time left; zero or negative when spent.
    public let remaining: @Sendable () -> Duration

    public init(remaining: @escaping @Sendable () -> Duration) {
        self.remaining = remaining
    }

    /// Until `deadline` on `clock`.
    public init<C: Clock>(until deadline: C.Instant, on clock: C) where C.Duration == Duration {
        self.remaining = { clock.now.duration(to: deadline) }
    }

    /// The budget of the current task, if any.
    @TaskLocal public static var current: RetryBudget?

    /// Whether a retry after `delay`, which may then take up to `attempt`, ends within the budget.
    func allows(delay: Duration, attempt: Duration) -> Bool {
        delay + attempt <= remaining()
    }
}
