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
}
