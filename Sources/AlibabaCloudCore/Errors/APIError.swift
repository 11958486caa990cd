/// Every failure of a call to an Alibaba Cloud API, as one typed value.
///
/// `code` is the service's own `Code` (`NoPermission`, `Throttling.User`, ...)
/// or one of ours (see `APIError.Code`). `message` is the service's message or
/// ours; it never contains a secret, a signature or a webhook URL.
public struct APIError: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    /// HTTP status of the answer, nil when there was no answer (time-out, connection).
    public var httpStatus: Int?
    public var requestId: String?
    /// From `x-acs-retry-after` (milliseconds on the wire).
    public var retryAfter: Duration?

    public init(code: String, message: String, httpStatus: Int? = nil, requestId: String? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.retryAfter = retryAfter
    }

    /// The codes this project assigns itself, and the service codes that
    /// exporters initialise at zero.
    public enum Code {
        public static let timeout = "Timeout"
        public static let connectionFailed = "ConnectionFailed"
        public static let invalidResponse = "InvalidResponse"
        public static let paginationLimit = "PaginationLimit"
        public static let credentialsUnavailable = "CredentialsUnavailable"
        public static let noPermission = "NoPermission"
        public static let serverError = "ServerError"
        public static let throttling = "Throttling"
        public static let throttlingUser = "Throttling.User"
        public static let throttlingApi = "Throttling.Api"
        public static let serviceUnavailable = "ServiceUnavailable"
        /// The caller's task was cancelled (shutdown, reload). Not an API failure.
        public static let cancelled = "Cancelled"
        /// `HTTP<status>` for an error page that carries no code (HTML, empty body).
        public static func http(_ status: Int) -> String { "HTTP\(status)" }

        /// Codes every account starts with at 0 (DESIGN section 5), in this order.
        public static let wellKnown: [String] = [
            noPermission, serverError, throttling, throttlingUser, throttlingApi, serviceUnavailable,
            timeout, connectionFailed, invalidResponse, paginationLimit, credentialsUnavailable,
        ]
    }
}

extension APIError: CustomStringConvertible {
    public var description: String {
        var parts = ["\(code): \(message)"]
        if let httpStatus { parts.append("http_status=\(httpStatus)") }
        if let requestId { parts.append("request_id=\(requestId)") }
        return parts.joined(separator: " ")
    }
}
