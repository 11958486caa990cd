import AlibabaCloudCore
import Testing

@Suite struct RetryPolicyTests {
    static let retryable: [APIError] = [
        APIError(code: "Throttling", message: "", httpStatus: 400),
        APIError(code: "Throttling.User", message: "", httpStatus: 400),
        APIError(code: "Throttling.Api", message: "", httpStatus: 429),
        APIError(code: "ServiceUnavailable", message: "", httpStatus: 503),
        APIError(code: "ServerError", message: "", httpStatus: 500),
        APIError(code: "InternalError", message: "", httpStatus: 500),
        APIError(code: "SomethingNew", message: "", httpStatus: 502),
        APIError(code: "HTTP503", message: "", httpStatus: 503),
        APIError(code: "HTTP429", message: "", httpStatus: 429),
        APIError(code: "HTTP429", message: ""),
        APIError(code: "Timeout", message: ""),
        APIError(code: "ConnectionFailed", message: ""),
    ]

    static let notRetryable: [APIError] = [
        APIError(code: "NoPermission", message: "", httpStatus: 403),
        APIError(code: "NoPermission", message: "", httpStatus: 500),
        APIError(code: "SignatureDoesNotMatch", message: "", httpStatus: 400),
        APIError(code: "IncompleteSignature", message: "", httpStatus: 400),
        APIError(code: "InvalidAccessKeyId.NotFound", message: "", httpStatus: 404),
        APIError(code: "InvalidAccessKeyId.Inactive", message: "", httpStatus: 400),
        APIError(code: "InvalidTimeStamp.Expired", message: "", httpStatus: 400),
        APIError(code: "SignatureNonceUsed", message: "", httpStatus: 400),
        APIError(code: "InvalidSecurityToken.Expired", message: "", httpStatus: 400),
        APIError(code: "CredentialsUnavailable", message: ""),
        APIError(code: "InvalidResponse", message: "", httpStatus: 200),
        APIError(code: "PaginationLimit", message: ""),
        APIError(code: "Cancelled", message: ""),
        APIError(code: "InvalidParameter", message: "", httpStatus: 400),
        APIError(code: "HTTP404", message: "", httpStatus: 404),
        APIError(code: "Forbidden.RAM", message: "", httpStatus: 403),
    ]

    @Test(arguments: retryable)
    func retries(_ error: APIError) {
        #expect(RetryPolicy().isRetryable(error))
    }

    @Test(arguments: notRetryable)
    func doesNotRetry(_ error: APIError) {
        #expect(!RetryPolicy().isRetryable(error))
    }

    @Test func defaults() {
        let policy = RetryPolicy()
        #expect(policy.maxRetries == 3)
        #expect(policy.baseDelay == .milliseconds(200))
        #expect(policy.maxDelay == .seconds(10))
        #expect(RetryPolicy(maxRetries: -2).maxRetries == 0)
    }

    static let throttled = APIError(code: "Throttling", message: "", httpStatus: 400)

    /// Full jitter: random * min(maxDelay, base * 2^(attempt-1)).
    @Test(arguments: [
        (1, 0.0, Duration.zero), (1, 0.5, .milliseconds(100)), (1, 0.999, .microseconds(199_800)),
        (2, 1.0, .milliseconds(400)), (3, 0.25, .milliseconds(200)), (4, 1.0, .milliseconds(1_600)),
        (6, 1.0, .milliseconds(6_400)), (7, 1.0, .seconds(10)), (50, 0.5, .seconds(5)), (10_000, 1.0, .seconds(10)),
    ])
    func exponentialBackOffWithFullJitter(attempt: Int, random: Double, expected: Duration) {
        #expect(RetryPolicy().delay(forRetry: attempt, after: Self.throttled, random: random) == expected)
    }

    @Test func jitterStaysWithinBounds() {
        let policy = RetryPolicy()
        for attempt in 1...12 {
            let cap = min(policy.maxDelay, policy.baseDelay * (1 << (attempt - 1)))
            for random in stride(from: 0.0, to: 1.0, by: 0.05) {
                let delay = policy.delay(forRetry: attempt, after: Self.throttled, random: random)
                #expect(delay >= .zero && delay <= cap)
            }
        }
        // Out-of-range randoms are clamped rather than trusted.
        #expect(policy.delay(forRetry: 1, after: Self.throttled, random: -3) == .zero)
        #expect(policy.delay(forRetry: 1, after: Self.throttled, random: 7) == .milliseconds(200))
    }

    @Test func retryAfterIsAFloorAndIsCapped() {
        let policy = RetryPolicy()
        var error = Self.throttled
        error.retryAfter = .milliseconds(1_500)
        #expect(policy.delay(forRetry: 1, after: error, random: 0) == .milliseconds(1_500))
        #expect(policy.delay(forRetry: 1, after: error, random: 1) == .milliseconds(1_500))
        // Back-off longer than retry-after wins.
        #expect(policy.delay(forRetry: 7, after: error, random: 1) == .seconds(10))
        error.retryAfter = .seconds(3_600)
        #expect(policy.delay(forRetry: 1, after: error, random: 0) == .seconds(60))
        #expect(RetryPolicy(maxRetryAfter: .seconds(5)).delay(forRetry: 1, after: error, random: 0) == .seconds(5))
    }
}
