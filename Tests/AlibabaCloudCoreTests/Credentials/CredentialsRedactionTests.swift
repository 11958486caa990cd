@testable import AlibabaCloudCore
import Foundation
import SecurityCenterSimulator
import Testing

/// Every value that holds a secret prints, debug-prints and dumps without
/// it, and a whole credentials flow logged at trace level shows none.
@Suite(.timeLimit(.minutes(1))) struct CredentialsRedactionTests {
    static let secret = "SECRET-access-key-secret-0123456789"
    static let token = "SECRET-security-token-0123456789"
    static let oidcToken = "SECRET-oidc-jwt-0123456789"

    static func rendered(_ value: Any) -> String {
        var dumped = ""
        dump(value, to: &dumped)
        return "\(value)\n\(String(reflecting: value))\n\(dumped)"
    }

    static func assertClean(_ text: String, of secrets: [String], _ what: String) {
        for secret in secrets {
            #expect(!text.contains(secret), "\(what) shows a secret: \(text)")
        }
    }

    @Test func everyCredentialHoldingValuePrintsAndDumpsWithoutSecrets() throws {
        let home = try CredentialsFixture.temporaryDirectory()
        let credentials = Credentials(accessKeyId: "LTAIvisible0001", accessKeySecret: Self.secret, securityToken: Self.token)
        let environment = [
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIvisible0001", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": Self.secret,
            "ALIBABA_CLOUD_SECURITY_TOKEN": Self.token,
        ]
        let context = CredentialsFixture.context(nil, environment: environment, home: home)
        let base = StaticCredentialsProvider(credentials)
        let values: [(String, Any)] = [
            ("credentials", credentials),
            ("static provider", base),
            ("environment provider", EnvironmentCredentialsProvider(environment: environment)),
            ("secret file provider", SecretFileCredentialsProvider(accessKeyId: "LTAIvisible0001", secretFile: "/run/secret")),
            ("context", context),
            ("default chain", context.defaultChain()),
            ("refreshing", RefreshingCredentialsProvider(base)),
            ("ram role", context.ramRole(AssumeRoleParameters(roleArn: "acs:ram::1:role/r"), base: base)),
            ("oidc role", context.oidcRole(OIDCRoleParameters(roleArn: "r", oidcProviderArn: "p", oidcTokenFile: "/t"))),
            ("ecs role", context.ecsRAMRole(roleName: nil)),
            ("cli profile", context.cliProfile(name: nil)),
            ("credentials file", context.credentialsFile(path: nil, profile: nil)),
            ("signer v1", SignerV1(accessKeySecret: Self.secret)),
            ("signer v3", SignerV3(accessKeyId: "LTAIvisible0001", accessKeySecret: Self.secret)),
            ("redactor", SecretRedactor(credentials: credentials)),
            ("redactor of an OIDC token", SecretRedactor(secrets: [Self.oidcToken])),
            ("rpc client", RPCClient(
                httpClient: CredentialsFixture.httpClient,
                configuration: RPCClientConfiguration(endpoint: Endpoint(host: "tds.cn-shanghai.aliyuncs.com")),
                credentials: base)),
        ]
        for (what, value) in values {
            let text = Self.rendered(value)
            Self.assertClean(text, of: [Self.secret, Self.token, Self.oidcToken], what)
        }
        #expect(Self.rendered(credentials).contains("LTAIvisible0001"))
        #expect(credentials.maskedAccessKeyId == "***********0001")
    }

    @Test(arguments: [("LTAI5tAbCdEfGh", "**********EfGh"), ("abcd", "****"), ("", "")])
    func maskingKeepsOnlyTheLastFourCharacters(id: String, masked: String) {
        #expect(Credentials(accessKeyId: id, accessKeySecret: "x").maskedAccessKeyId == masked)
    }

    @Test func aWholeFlowLoggedAtTraceLevelShowsNoSecret() async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        let tokenFile = (home as NSString).appendingPathComponent("token")
        try CredentialsFixture.write(Self.oidcToken, to: tokenFile)
        let (logger, logs) = CapturingLogHandler.logger()
        try await service.withRunning { endpoint in
            let context = CredentialsFixture.context(endpoint, home: home, logger: logger)
            let ecs = context.ecsRAMRole(roleName: nil)
            let role = context.ramRole(AssumeRoleParameters(roleArn: CredentialsFixture.roleArn), base: ecs)
            let oidc = context.oidcRole(OIDCRoleParameters(
                roleArn: CredentialsFixture.roleArn, oidcProviderArn: "acs:ram::1:oidc-provider/p", oidcTokenFile: tokenFile))
            var seen = [try await role.credentials(), try await oidc.credentials()]
            // Failures too: STS refusing, and a chain with nothing in it.
            let refused = context.ramRole(AssumeRoleParameters(roleArn: "acs:ram::1:role/missing"), base: ecs)
            await #expect(throws: APIError.self) { try await refused.credentials() }
            service.failNext(status: 400, code: "InvalidParameter")
            await #expect(throws: APIError.self) {
                try await context.oidcRole(OIDCRoleParameters(
                    roleArn: CredentialsFixture.roleArn, oidcProviderArn: "p", oidcTokenFile: tokenFile,
                    roleSessionName: "other")).credentials()
            }
            seen += [try await ecs.credentials()]
            #expect(!logs.all.isEmpty)
            let secrets = service.issued.flatMap { [$0.secret, $0.securityToken ?? $0.secret] }
                + [CredentialsFixture.baseKey.secret, Self.oidcToken]
            Self.assertClean(logs.all, of: secrets, "trace log")
            for credentials in seen { Self.assertClean(Self.rendered(credentials), of: secrets, "credentials") }
        }
    }
}
