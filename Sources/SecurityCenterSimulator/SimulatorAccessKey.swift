import Foundation

/// A key the simulator accepts. With a `securityToken` it behaves like an STS
/// key: every request must carry exactly that token, and none is accepted
/// from `expiration` on.
public struct SimulatorAccessKey: Sendable, Equatable {
    public var id: String
    public var secret: String
    public var securityToken: String?
    public var expiration: Date?

    public init(id: String, secret: String, securityToken: String? = nil, expiration: Date? = nil) {
        self.id = id
        self.secret = secret
        self.securityToken = securityToken
        self.expiration = expiration
    }
}

extension SimulatorAccessKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "SimulatorAccessKey(id: \(id), secret: <redacted>, securityToken: \(securityToken == nil ? "nil" : "<redacted>"))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["id": id], displayStyle: .struct) }
}
