/// Which failed attempts are tried again, and after how long.
///
/// Back-off is exponential with full jitter (`random * min(maxDelay, base * 2^(n-1))`),
/// so many exporters throttled together do not retry in lock-step. A server's
/// `x-acs-retry-after` is a floor, capped at `maxRetryAfter` so a hostile or
/// broken gateway cannot park a poll for hours.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (so up to `maxRetries + 1` attempts).
    public var maxRetries: Int = 3
    public var baseDelay: Duration = .milliseconds(200)
    public var maxDelay: Duration = .seconds(10)
    /// Upper bound for an honoured `retryAfter`.
    public var maxRetryAfter: Duration = .seconds(60)

    public init(
        maxRetries: Int = 3, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxRetries = max(0, maxRetries)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxRetries: 0)

    /// Throttling, 5xx, time-outs and connection failures are transient;
    /// permission, signature, credential and response-shape errors are not.
    public func isRetryable(_ error: APIError) -> Bool {
        let code = error.code
        if Self.neverRetried.contains(code) || Self.neverRetriedPrefixes.contains(where: code.hasPrefix) {
            return false
        }
        if code.hasPrefix("Throttling") || Self.alwaysRetried.contains(code) { return true }
        if let status = error.httpStatus, status >= 500 || status == 429 { return true }
        if code.hasPrefix("HTTP"), let status = Int(code.dropFirst(4)), status >= 500 || status == 429 { return true }
        return false
    }

    /// How long to wait before retry number `attempt` (1-based). `random` is
    /// in `0..<1`; values outside are clamped.
    public func delay(forRetry attempt: Int, after error: APIError, random: Double) -> Duration {
        let exponent = min(max(attempt, 1) - 1, 30)  // 2^30 * base is far beyond any sane maxDelay
        let backoff = min(maxDelay, baseDelay * (1 << exponent))
        let jitter = min(max(random, 0), 1)
        var delay = backoff * jitter
        if let retryAfter = error.retryAfter, retryAfter > .zero {
            delay = max(delay, min(retryAfter, maxRetryAfter))
        }
        return delay
    }

    private static let alwaysRetried: Set<String> = [
        APIError.Code.serviceUnavailable, APIError.Code.serverError, APIError.Code.timeout,
        APIError.Code.connectionFailed, "HTTP429", "InternalError",
    ]
    private static let neverRetried: Set<String> = [
        APIError.Code.noPermission, "SignatureDoesNotMatch", "IncompleteSignature", "SignatureNonceUsed",
        APIError.Code.credentialsUnavailable, APIError.Code.invalidResponse, APIError.Code.paginationLimit,
        APIError.Code.cancelled,
    ]
    private static let neverRetriedPrefixes = ["InvalidAccessKeyId", "InvalidTimeStamp", "InvalidSecurityToken"]
}
