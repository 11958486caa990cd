/// STS `AssumeRole` signed with a base provider's credentials: another
/// account's role (cross-account monitoring), or a narrower role of the same
/// account. Uncached: wrap it in a `RefreshingCredentialsProvider`.
public struct RAMRoleARNCredentialsProvider: CredentialsProvider {
    private let parameters: AssumeRoleParameters
    private let base: any CredentialsProvider
    private let sts: STSClient

    init(_ parameters: AssumeRoleParameters, base: any CredentialsProvider, sts: STSClient) {
        self.parameters = parameters
        self.base = base
        self.sts = sts
    }

    public var kind: String { "ram_role_arn" }

    public func credentials() async throws -> Credentials {
        do {
            return try await sts.assumeRole(parameters, base: base).named(kind)
        } catch {
            throw APIError.credentialsUnavailable("ram_role_arn: STS AssumeRole for \(parameters.roleArn) with \(base.kind) credentials", error)
        }
    }
}

extension RAMRoleARNCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "RAMRoleARNCredentialsProvider(roleArn: \(parameters.roleArn), base: \(base.kind), sts: \(sts.endpoint))"
    }
    public var customMirror: Mirror {
        Mirror(self, children: ["roleArn": parameters.roleArn, "base": base.kind], displayStyle: .struct)
    }
}
