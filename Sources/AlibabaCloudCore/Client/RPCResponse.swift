/// A successful (2xx) answer, body fully read and within the size cap.
public struct RPCResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    /// From the `x-acs-request-id` header when present; the body's
    /// `RequestId` is the decoder's business.
    public var requestId: String?

    public init(status: Int, body: [UInt8], requestId: String? = nil) {
        self.status = status
        self.body = body
        self.requestId = requestId
    }
}
