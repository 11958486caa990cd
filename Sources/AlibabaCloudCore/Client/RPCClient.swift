import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Calls RPC-style Alibaba Cloud APIs: `POST /` with the parameters in the
/// query and no body, signed (V3 or V1), with a per-attempt time-out, a
/// response-size cap and retries per `RetryPolicy`.
///
/// Every failure is an `APIError`. Secrets (access key secret, STS token),
/// signatures and the Authorization header never reach logs or errors.
///
/// The injected `clock` measures attempts (for the observer) and runs the
/// back-off sleeps, so tests need not wait; the time-out itself runs on real
/// time, because it guards against a real network.
public final class RPCClient: Sendable {
    private let httpClient: HTTPClient
    public let configuration: RPCClientConfiguration
    private let credentialsProvider: any CredentialsProvider
    private let observer: (any RPCObserver)?
    private let logger: Logger
    private let transportLogger: Logger
    private let clock: ClockAdapter
    private let now: @Sendable () -> Date
    private let nonce: @Sendable () -> String
    private let random: @Sendable () -> Double
    private let rateLimiter: TokenBucket?

    public init(
        httpClient: HTTPClient,
        configuration: RPCClientConfiguration,
        credentials: any CredentialsProvider,
        observer: (any RPCObserver)? = nil,
        logger: Logger = Logger(label: "aliyun.rpc"),
        clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() },
        nonce: @escaping @Sendable () -> String = { UUID().uuidString },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.httpClient = httpClient
        self.configuration = configuration
        self.credentialsProvider = credentials
        self.observer = observer
        self.logger = logger
        // AsyncHTTPClient's own debug and trace lines describe connections
        // and requests in its own format; they are not this client's events.
        var transportLogger = logger
        transportLogger.logLevel = max(logger.logLevel, .info)
        self.transportLogger = transportLogger
        let adapter = ClockAdapter(clock)
        self.clock = adapter
        self.rateLimiter = configuration.rateLimit.map { TokenBucket(rate: $0, clock: adapter) }
        self.now = now
        self.nonce = nonce
        self.random = random
    }

    /// POST / with parameters in the query, no body. Retries per policy. Throws only APIError.
    public func call(action: String, version: String, parameters: [(String, String)]) async throws -> RPCResponse {
        try await call(action: action, version: version, parameters: parameters, decode: { $0 })
    }

    /// As `call(action:version:parameters:)`, and decodes the 2xx answer inside
    /// the attempt: a body that cannot be decoded is that attempt's failure
    /// (`InvalidResponse`, told to the observer like any other) rather than a
    /// success followed by an error. `decode` should throw `APIError`; any
    /// other error becomes `InvalidResponse`.
    public func call<T: Sendable>(
        action: String, version: String, parameters: [(String, String)],
        decode: @Sendable (RPCResponse) throws -> T
    ) async throws -> T {
        let policy = configuration.retryPolicy
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw Self.cancelledError }
            do {
                try await rateLimiter?.acquire()
            } catch {
                throw Self.cancelledError
            }
            let stopwatch = clock.startStopwatch()
            let result: Result<T, APIError>
            do {
                let response = try await attemptOnce(action: action, version: version, parameters: parameters)
                do {
                    result = .success(try decode(response))
                } catch {
                    var decodeError = (error as? APIError) ?? APIError(
                        code: APIError.Code.invalidResponse, message: "\(action) response could not be decoded")
                    decodeError.httpStatus = decodeError.httpStatus ?? response.status
                    decodeError.requestId = decodeError.requestId ?? response.requestId
                    result = .failure(decodeError)
                }
            } catch {
                result = .failure(Task.isCancelled ? Self.cancelledError : TransportErrorMapper.map(error))
            }
            let duration = stopwatch()

            switch result {
            case .success(let response):
                observer?.rpcAttemptFinished(action: action, duration: duration, error: nil)
                return response
            case .failure(let error):
                observer?.rpcAttemptFinished(action: action, duration: duration, error: error)
                if error.code == APIError.Code.cancelled { throw error }
                let retryable = attempt <= policy.maxRetries && policy.isRetryable(error)
                let delay = retryable ? policy.delay(forRetry: attempt, after: error, random: random()) : .zero
                // A retry that could end past the poll's budget is not started.
                let withinBudget = RetryBudget.current?.allows(delay: delay, attempt: configuration.requestTimeout) ?? true
                var metadata = error.logMetadata
                metadata["action"] = "\(action)"
                metadata["attempt"] = "\(attempt)"
                // The final failure is the caller's to log (once, with its
                // context); only the retries it never sees are logged here,
                // and a retry the budget refused, which the caller cannot tell.
                guard retryable, withinBudget else {
                    if retryable {
                        metadata["retry"] = "not started: the poll's time budget would run out"
                        logger.info("API request failed, no time left to retry", metadata: metadata)
                    }
                    throw error
                }
                metadata["retry_in"] = "\(delay.logDescription)"
                logger.debug("API request failed, retrying", metadata: metadata)
                do {
                    try await clock.sleep(delay)
                } catch {
                    throw Self.cancelledError
                }
            }
        }
    }

    private static let cancelledError = APIError(code: APIError.Code.cancelled, message: "request cancelled")

    /// One signed HTTP exchange: fresh credentials, date and nonce every time.
    private func attemptOnce(action: String, version: String, parameters: [(String, String)]) async throws -> RPCResponse {
        let credentials: Credentials
        do {
            credentials = try await credentialsProvider.credentials()
        } catch let error as APIError {
            throw APIError(code: APIError.Code.credentialsUnavailable, message: error.message)
        } catch {
            if Task.isCancelled { throw Self.cancelledError }
            throw APIError(
                code: APIError.Code.credentialsUnavailable,
                message: "\(credentialsProvider.kind) credentials provider failed (\(type(of: error)))")
        }
        let redactor = SecretRedactor(credentials: credentials)

        let built = RPCRequestBuilder(
            endpoint: configuration.endpoint, signatureVersion: configuration.signatureVersion,
            userAgent: configuration.userAgent
        ).build(
            action: action, version: version, parameters: parameters, credentials: credentials,
            timestamp: UTCTimestamp.format(now()), nonce: nonce())
        var request = HTTPClientRequest(url: built.url)
        request.method = .POST
        for (name, value) in built.headers { request.headers.add(name: name, value: value) }
        let signedRequest = request

        do {
            return try await AttemptTimeout.run(configuration.requestTimeout) {
                try await self.exchange(signedRequest, redactor: redactor)
            }
        } catch let error as APIError {
            throw redactor.redact(error)
        } catch {
            throw redactor.redact(TransportErrorMapper.map(error))
        }
    }

    /// Sends the request and reads the body up to the cap.
    private func exchange(_ request: HTTPClientRequest, redactor: SecretRedactor) async throws -> RPCResponse {
        let response = try await httpClient.execute(
            request, deadline: NIODeadline.now() + TimeAmount(configuration.requestTimeout), logger: transportLogger)
        let status = Int(response.status.code)
        // Goes into logs, errors and the landing page: a token or nothing.
        let requestId = ResponseText.token(response.headers.first(name: "x-acs-request-id"))
        let retryAfter = response.headers.first(name: "x-acs-retry-after").flatMap(Self.parseRetryAfter)
        let isSuccess = (200..<300).contains(status)

        if isSuccess {
            let limit = configuration.maxResponseBytes
            let declaredLength = response.headers.first(name: "content-length").flatMap { Int($0) }
            if let declaredLength, declaredLength > limit {
                throw Self.tooLarge(limit: limit, status: status, requestId: requestId)
            }
            // One allocation per page instead of a doubling series.
            var body: [UInt8] = []
            body.reserveCapacity(max(0, declaredLength ?? 0))
            for try await chunk in response.body {
                guard body.count + chunk.readableBytes <= limit else {
                    // Leaving the loop drops the stream; AHC then closes the connection.
                    throw Self.tooLarge(limit: limit, status: status, requestId: requestId)
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
            return RPCResponse(status: status, body: body, requestId: requestId)
        }

        // An error answer is only read far enough to find its code: a huge
        // gateway page must stay an `HTTP<status>` (maybe retryable), not
        // become an `InvalidResponse`.
        let errorLimit = min(configuration.maxResponseBytes, Self.maxErrorBodyBytes)
        var body: [UInt8] = []
        for try await chunk in response.body {
            body.append(contentsOf: chunk.readableBytesView.prefix(errorLimit - body.count))
            if body.count >= errorLimit { break }
        }
        var error = ErrorBodyParser.parse(status: status, body: body, redact: redactor.redact)
        error.requestId = error.requestId ?? requestId
        error.retryAfter = retryAfter
        throw error
    }

    static let maxErrorBodyBytes = 64 * 1024

    private static func tooLarge(limit: Int, status: Int, requestId: String?) -> APIError {
        APIError(
            code: APIError.Code.invalidResponse, message: "response body larger than \(limit) bytes",
            httpStatus: status, requestId: requestId)
    }

    /// An AsyncHTTPClient configuration suited to this client: connection
    /// attempts are not retried inside AHC (a refused connection then fails
    /// the attempt at once as `ConnectionFailed`, and `RetryPolicy` decides),
    /// and redirects are not followed (the API never redirects; a redirect
    /// means a captive portal or a misconfigured proxy).
    public static func recommendedHTTPClientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    /// `x-acs-retry-after` is in milliseconds; junk and negatives are ignored.
    static func parseRetryAfter(_ value: String) -> Duration? {
        guard let ms = Int64(value.trimmingASCIIWhitespace()), ms > 0 else { return nil }
        return .milliseconds(min(ms, 24 * 3_600_000))
    }
}
