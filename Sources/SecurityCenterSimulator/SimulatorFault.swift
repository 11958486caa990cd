/// A misbehaviour the simulator can be told to show. Each queued fault is
/// used up by one authenticated `DescribeDingTalk` request (see
/// `SecurityCenterSimulator.inject(_:times:)`).
public enum SimulatorFault: Sendable, Equatable {
    /// An error with the given code and status, and `x-acs-retry-after` in
    /// milliseconds when not nil.
    case throttling(code: String = "Throttling.User", status: Int = 400, retryAfterMilliseconds: Int? = 1000)
    /// 403 `NoPermission`, as for a RAM user without `yundun-sas:DescribeDingTalk`.
    case noPermission
    /// A gateway's HTML error page with the given status.
    case serverErrorHTML(status: Int = 500)
    /// 200 with a body that is not JSON.
    case malformedJSON
    /// 200 with the first half of a valid page.
    case truncatedJSON
    /// The given status with an empty body.
    case emptyBody(status: Int = 502)
    /// A gateway's XML error (`<Error><Code>...`), `Content-Type: text/xml`.
    case xmlError(code: String = "ServiceUnavailable", status: Int = 503)
    /// Waits this long, then answers normally.
    case slow(Duration)
    /// Closes the connection without sending a response.
    case dropConnection
    /// Answers normally but reports this `TotalCount`. Pages past the real
    /// end come back empty.
    case lyingTotalCount(Int)
    /// Answers with page 1's items whatever page was asked for.
    case duplicatePages
    /// Answers page 1, saying `CurrentPage` 1, whatever page was asked for
    /// (a service that ignores the parameter).
    case ignoreCurrentPage
    /// Sends at most this many items per page while `PageInfo.PageSize`
    /// still says the size asked for (a service capping `PageSize` silently);
    /// without `TotalCount` when `withTotalCount` is false.
    case capPageSize(Int, withTotalCount: Bool = true)
    /// Answers normally without `PageInfo.TotalCount`.
    case omitTotalCount
    /// An error whose code, message and request id are exactly these strings
    /// (new lines, terminal escapes, megabytes, secrets...). The request id
    /// also goes in `x-acs-request-id` when a header can carry it.
    case hostileError(status: Int = 400, code: String, message: String, requestId: String)
}
