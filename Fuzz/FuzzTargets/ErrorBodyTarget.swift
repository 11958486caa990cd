import AlibabaCloudCore

/// Whatever an error body holds, the error built from it is safe to log,
/// label and show: a token code, a bounded one-line message, a token request id.
enum ErrorBodyTarget {
    static func run(_ input: [UInt8]) {
        let status = 400 + Int(input.first ?? 0) % 200
        let error = ErrorBodyParser.parse(status: status, body: Array(input.dropFirst()))
        precondition(ResponseText.token(error.code, maxLength: 128) == error.code, "code is not a token")
        if let requestId = error.requestId {
            precondition(ResponseText.token(requestId) == requestId, "request id is not a token")
        }
        precondition(error.message.count <= ResponseText.maxMessageLength + ResponseText.ellipsis.count, "message too long")
        precondition(ResponseText.sanitize(error.message, maxLength: .max) == error.message, "message has hidden characters")
        precondition(error.httpStatus == status)
    }
}
