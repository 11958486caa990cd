import Foundation

/// STS `AssumeRoleWithOIDC`: RRSA on ACK, where the kubelet mounts a service
/// account token and rotates it. The token file is read at every fetch, so a
/// refresh always presents the current token. Uncached: wrap it in a
/// `RefreshingCredentialsProvider`.
public struct OIDCRoleCredentialsProvider: CredentialsProvider {
    private let parameters: OIDCRoleParameters
    private let sts: STSClient

    init(_ parameters: OIDCRoleParameters, sts: STSClient) {
        self.parameters = parameters
        self.sts = sts
    }

    public var kind: String { "oidc_role_arn" }

    public func credentials() async throws -> Credentials {
        let token = try FileText.read(parameters.oidcTokenFile, what: "OIDC token file")
        guard !token.isEmpty else {
            throw APIError.credentialsUnavailable("oidc_role_arn: OIDC token file \(parameters.oidcTokenFile) is empty")
        }
        do {
            return try await sts.assumeRoleWithOIDC(parameters, token: token).named(kind)
        } catch {
            throw APIError.credentialsUnavailable("oidc_role_arn: STS AssumeRoleWithOIDC for \(parameters.roleArn)", error)
        }
    }
}

extension OIDCRoleCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "OIDCRoleCredentialsProvider(roleArn: \(parameters.roleArn), oidcTokenFile: \(parameters.oidcTokenFile), sts: \(sts.endpoint))"
    }
    public var customMirror: Mirror {
        Mirror(self, children: ["roleArn": parameters.roleArn, "oidcTokenFile": parameters.oidcTokenFile], displayStyle: .struct)
    }
}
