/// STS `AssumeRole` parameters: a `ram_role_arn` source (cross-account monitoring).
public struct AssumeRoleParameters: Sendable, Equatable {
    public var roleArn: String
    public var roleSessionName: String
    /// `DurationSeconds`, 900 to 43200.
    public var durationSeconds: Int
    /// A policy that narrows the role's permissions for this session.
    public var policy: String?
    /// The role's trust policy may demand it (`sts:ExternalId`).
    public var externalId: String?

    public init(
        roleArn: String, roleSessionName: String = "sas-dingtalk-exporter", durationSeconds: Int = 3600,
        policy: String? = nil, externalId: String? = nil
    ) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.externalId = externalId
    }
}
