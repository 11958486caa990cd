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
    /// Which provider produced them (`ecs_ram_role`, `default_chain/cli_profile`, ...), for logs and the landing page.
    public var providerName: String?

    public init(
        accessKeyId: String, accessKeySecret: String, securityToken: String? = nil, expiration: Date? = nil,
        providerName: String? = nil
    ) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
        self.expiration = expiration
        self.providerName = providerName
    }

    /// The key id with all but its last 4 characters replaced by `*`: enough
    /// to tell keys apart on a landing page, not enough to use or look one up.
    public var maskedAccessKeyId: String {
        // A key id of 4 characters or fewer is all masked: showing it would show all of it.
        let visible = accessKeyId.count > 4 ? 4 : 0
        return String(repeating: "*", count: accessKeyId.count - visible) + accessKeyId.suffix(visible)
    }

    /// The same key, token and expiry; which provider produced them does not matter.
    public static func == (lhs: Credentials, rhs: Credentials) -> Bool {
        lhs.accessKeyId == rhs.accessKeyId && lhs.accessKeySecret == rhs.accessKeySecret
            && lhs.securityToken == rhs.securityToken && lhs.expiration == rhs.expiration
    }

    /// A copy with `providerName` set when it is not already.
    func named(_ name: String) -> Credentials {
        var copy = self
        copy.providerName = copy.providerName ?? name
        return copy
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
