import Logging

extension APIError {
    /// The same keys wherever an API error is logged: `code`, `error` (the
    /// message), and `http_status` and `request_id` only when known (absent
    /// rather than `-` or `none`).
    public var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = ["code": "\(code)", "error": "\(message)"]
        if let httpStatus { metadata["http_status"] = "\(httpStatus)" }
        if let requestId { metadata["request_id"] = "\(requestId)" }
        return metadata
    }
}
