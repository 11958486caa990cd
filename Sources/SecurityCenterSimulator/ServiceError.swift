/// An error answer, as the service's gateway writes it: an HTTP status and a
/// JSON body with `Code` and `Message`. Messages follow the real service's
/// wording where it is known, and never contain a secret or a token.
struct ServiceError: Error, Sendable, Equatable {
    var status: Int
    var code: String
    var message: String

    static func incompleteSignature(_ detail: String) -> ServiceError {
        ServiceError(status: 400, code: "IncompleteSignature",
                     message: "The request signature does not conform to Aliyun standards. \(detail)")
    }

    static func missingParameter(_ name: String) -> ServiceError {
        ServiceError(status: 400, code: "MissingParameter",
                     message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.")
    }

    static func invalidParameter(_ name: String) -> ServiceError {
        ServiceError(status: 400, code: "InvalidParameter", message: "The specified parameter \"\(name)\" is not valid.")
    }

    // The real gateway answers an unknown action with 404.
    static let invalidAction = ServiceError(
        status: 404, code: "InvalidAction.NotFound", message: "Specified api is not found, please check your url and method.")

    static let unsupportedMethod = ServiceError(
        status: 400, code: "UnsupportedHTTPMethod", message: "Specified HTTP method is not supported.")

    static let invalidVersion = ServiceError(
        status: 400, code: "InvalidVersion", message: "Specified parameter Version is not valid.")

    static let invalidSignatureMethod = ServiceError(
        status: 400, code: "InvalidSignatureMethod", message: "Specified signature method is not valid.")

    static let accessKeyNotFound = ServiceError(
        status: 404, code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.")

    static let missingSecurityToken = ServiceError(
        status: 400, code: "MissingSecurityToken",
        message: "The input parameter \"SecurityToken\" that is mandatory for processing this request is not supplied.")

    static let securityTokenMismatch = ServiceError(
        status: 400, code: "InvalidSecurityToken.MismatchWithAccessKey",
        message: "The Security Token does not match the AccessKeyId.")

    static let securityTokenExpired = ServiceError(
        status: 400, code: "InvalidSecurityToken.Expired", message: "Specified SecurityToken is expired.")

    static let timestampFormat = ServiceError(
        status: 400, code: "InvalidTimeStamp.Format", message: "Specified time stamp or date value is not well formatted.")

    static let timestampExpired = ServiceError(
        status: 400, code: "InvalidTimeStamp.Expired", message: "Specified time stamp or date value is expired.")

    static let nonceUsed = ServiceError(
        status: 400, code: "SignatureNonceUsed", message: "Specified signature nonce was used already.")

    static let contentHashMismatch = ServiceError(
        status: 400, code: "SignatureDoesNotMatch",
        message: "Specified signature does not match our calculation: x-acs-content-sha256 is not the SHA-256 of the request body.")

    /// V3. The real message adds the server's string to sign; ours is only a
    /// hash, so it is safe to show and helps compare with the client's.
    static func signatureMismatchV3(stringToSign: String) -> ServiceError {
        let flat = stringToSign.replacingNewlines()
        return ServiceError(status: 400, code: "SignatureDoesNotMatch",
                            message: "Specified signature does not match our calculation. The server string to sign is: \(flat)")
    }

    /// V1. The real message echoes the string to sign; it is left out when it
    /// holds a security token, which is a credential.
    static func signatureMismatchV1(stringToSign: String?) -> ServiceError {
        var message = "Specified signature is not matched with our calculation."
        if let stringToSign { message += " server string to sign is:\(stringToSign)" }
        return ServiceError(status: 400, code: "SignatureDoesNotMatch", message: message)
    }

    static let noPermission = ServiceError(
        status: 403, code: "NoPermission", message: "caller has no permission")

    static func throttled(code: String, status: Int) -> ServiceError {
        ServiceError(status: status, code: code, message: "Request was denied due to user flow control.")
    }
}

extension String {
    /// Error messages stay on one line.
    func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
    }
}
