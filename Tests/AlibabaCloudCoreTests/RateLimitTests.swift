@testable import AlibabaCloudCore
import Testing

/// `--aliyun.rate-limit` and the retry budget, on an injected clock: the
/// waits are seen, never waited for.
@Suite struct RateLimitTests {
    static let throttled = LoopbackServer.Reply.http(
        400, #"{"Code":"Throttling.User","Message":"slow down","RequestId":"R-t"}"#,
        headers: [("x-acs-retry-after", "400")])

    /// (requests per second, spacing)
    @Test(arguments: [(5.0, Duration.milliseconds(200)), (2, .milliseconds(500)), (0.5, .seconds(2)), (1000, .milliseconds(1))])
    func backToBackRequestsAreSpacedEvenly(rate: Double, spacing: Duration) async throws {
        let clock = TestClock()
        let bucket = TokenBucket(rate: rate, clock: ClockAdapter(clock))
        for _ in 0..<6 { try await bucket.acquire() }
        // The first goes at once; no burst after it.
        #expect(clock.sleeps == Array(repeating: spacing, count: 5))
    }

    @Test func reservationsQueueUpWithoutTheClockMoving() {
        let bucket = TokenBucket(rate: 5, clock: ClockAdapter(TestClock()))
        let waits = (0..<5).map { _ in bucket.reserve() }
        #expect(waits == [.zero, .milliseconds(200), .milliseconds(400), .milliseconds(600), .milliseconds(800)])
    }

    @Test func aQuietSpellDoesNotSaveUpABurst() async throws {
        let clock = TestClock()
        let bucket = TokenBucket(rate: 5, clock: ClockAdapter(clock))
        try await bucket.acquire()
        try await clock.sleep(for: .seconds(10))
        try await bucket.acquire()
        try await bucket.acquire()
        #expect(clock.sleeps == [.seconds(10), .milliseconds(200)])
    }

    @Test func theClientWaitsForItsSlotRetriesIncluded() async throws {
        let ok = LoopbackServer.Reply.http(200, RPCClientTests.okBody)
        let h = try RPCClientTests.harness(
            [Self.throttled, ok, ok, ok], retry: RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(200)), rateLimit: 5)
        defer { h.server.stop() }
        for _ in 0..<3 {
            _ = try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: RPCClientTests.params)
        }
        // t=0 throttled; back-off 400 ms (retry-after): the retry at t=0.4 is
        // past its slot (0.2), no wait; the next two calls wait 200 ms each.
        #expect(h.clock.sleeps == [.milliseconds(400), .milliseconds(200), .milliseconds(200)])
        #expect(h.server.requests.count == 4)
    }

    @Test func withoutALimitNothingWaits() async throws {
        let ok = LoopbackServer.Reply.http(200, RPCClientTests.okBody)
        let h = try RPCClientTests.harness([ok, ok, ok])
        defer { h.server.stop() }
        for _ in 0..<3 {
            _ = try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: RPCClientTests.params)
        }
        #expect(h.clock.sleeps == [])
    }

    /// A throttling storm with retries to spare: the budget, not `maxRetries`,
    /// ends it. Back-off 400 ms each (retry-after), request time-out 20 s (real
    /// time, so generous: a loaded machine or TSan must not turn an answer into
    /// a time-out). (budget, attempts made)
    @Test(arguments: [(Duration.seconds(22), 6), (.milliseconds(20399), 1), (.milliseconds(20400), 2), (.seconds(60), 11)])
    func retriesStopBeforeThePollsBudgetRunsOut(budget: Duration, attempts: Int) async throws {
        let h = try RPCClientTests.harness(
            Array(repeating: Self.throttled, count: 11),
            retry: RetryPolicy(maxRetries: 10, baseDelay: .milliseconds(100), maxDelay: .milliseconds(400)),
            timeout: .seconds(20))
        defer { h.server.stop() }
        let deadline = h.clock.now.advanced(by: budget)
        let error = await #expect(throws: APIError.self) {
            try await RetryBudget.$current.withValue(RetryBudget(until: deadline, on: h.clock)) {
                try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: RPCClientTests.params)
            }
        }
        #expect(error?.code == "Throttling.User")
        #expect(h.server.requests.count == attempts)
        #expect(h.clock.sleeps == Array(repeating: .milliseconds(400), count: attempts - 1))
        // Every back-off plus one time-out fits in the budget.
        #expect(h.clock.now.offset + .seconds(20) <= budget)
        #expect(h.logs.all.contains("budget") == (attempts < 11))
    }
}
