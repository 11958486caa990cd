import Foundation

/// An access key pair, optionally with an STS security token.
///
/// `description` and `debugDescription` never show the secret or the token,
/// so a `Credentials` value can be logged or interpolated without leaking them.
public struct Credentials: Sendable, Equatable {
    public var accessKeyId: String
    public var accessKeySecret: String
    public var securityToken: String?
    /// When temporary (STS) credentials stop working; nil for long-lived keys.
    public var expiration: Date?

    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
        self.expiration = expiration
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "Credentials(accessKeyId: \(accessKeyId), accessKeySecret: <redacted>, securityToken: \(securityToken == nil ? "nil" : "<redacted>"))"
    }
    public var debugDescription: String { description }
    // `dump()` and reflection-based printers must not see the secret either.
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyId": accessKeyId], displayStyle: .struct) }
}
