/// STS `AssumeRoleWithOIDC` parameters: RRSA on ACK, or an `oidc_role_arn` source.
public struct OIDCRoleParameters: Sendable, Equatable {
    public var roleArn: String
    public var oidcProviderArn: String
    /// Re-read at every refresh (the kubelet rotates it).
    public var oidcTokenFile: String
    public var roleSessionName: String
    /// `DurationSeconds`, 900 to the role's maximum.
    public var durationSeconds: Int
    public var policy: String?

    public init(
        roleArn: String, oidcProviderArn: String, oidcTokenFile: String,
        roleSessionName: String = "sas-dingtalk-exporter", durationSeconds: Int = 3600, policy: String? = nil
    ) {
        self.roleArn = roleArn
        self.oidcProviderArn = oidcProviderArn
        self.oidcTokenFile = oidcTokenFile
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
        self.policy = policy
    }
}
