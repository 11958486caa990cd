import AlibabaCloudCore
import Foundation
import SecurityCenterSimulator
import Testing

/// `AssumeRole` and `AssumeRoleWithOIDC` against a simulated STS on loopback.
@Suite(.timeLimit(.minutes(1))) struct STSProviderTests {
    @Test func assumeRoleIsSignedWithTheBaseCredentialsAndSendsEveryParameter() async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let parameters = AssumeRoleParameters(
                roleArn: CredentialsFixture.roleArn, roleSessionName: "exporter-prod", durationSeconds: 1800,
                policy: #"{"Version":"1","Statement":[]}"#, externalId: "ext-42")
            let provider = CredentialsFixture.context(endpoint, home: home).ramRole(
                parameters, base: StaticCredentialsProvider(CredentialsFixture.baseCredentials))
            let credentials = try await provider.credentials()
            let issued = try #require(service.issued.last)
            #expect(credentials == Credentials(
                accessKeyId: issued.id, accessKeySecret: issued.secret, securityToken: issued.securityToken,
                expiration: issued.expiration))
            #expect(credentials.providerName == "ram_role_arn")
            let record = try #require(service.records.last)
            #expect(record.action == "AssumeRole")
            #expect(record.parameters["AccessKeyId"] == CredentialsFixture.baseKey.id)
            #expect(record.parameters["SignatureMethod"] == "HMAC-SHA1")
            #expect(record.parameters["RoleArn"] == CredentialsFixture.roleArn)
            #expect(record.parameters["RoleSessionName"] == "exporter-prod")
            #expect(record.parameters["DurationSeconds"] == "1800")
            #expect(record.parameters["Policy"] == parameters.policy)
            #expect(record.parameters["ExternalId"] == "ext-42")
            #expect(record.status == 200)
        }
    }

    /// STS codes survive into the error and the warning log line.
    @Test(arguments: [
        ("EntityNotExist.Role", "acs:ram::1:role/missing", "exporter", nil as Int?),
        ("InvalidParameter.RoleSessionName", CredentialsFixture.roleArn, "x", nil),
        ("NoPermission", CredentialsFixture.roleArn, "exporter", 403),
    ])
    func stsErrorsKeepTheirCodes(code: String, roleArn: String, session: String, injectedStatus: Int?) async throws {
        let service = CredentialsFixture.service()
        if let injectedStatus { service.failNext(status: injectedStatus, code: code) }
        let home = try CredentialsFixture.temporaryDirectory()
        let (logger, logs) = CapturingLogHandler.logger()
        try await service.withRunning { endpoint in
            let provider = CredentialsFixture.context(endpoint, home: home, logger: logger).ramRole(
                AssumeRoleParameters(roleArn: roleArn, roleSessionName: session),
                base: StaticCredentialsProvider(CredentialsFixture.baseCredentials))
            let error = await #expect(throws: APIError.self) { try await provider.credentials() }
            #expect(error?.code == "CredentialsUnavailable")
            #expect(error?.message.contains(code) == true)
            #expect(error?.message.contains("AssumeRole") == true)
            let warnings = logs.lines.withLockedValue { $0 }.filter { $0.hasPrefix("warning") }
            #expect(warnings.contains { $0.contains("\"code\": \(code)") && $0.contains("AssumeRole") })
        }
    }

    @Test func wrongBaseSecretIsASignatureError() async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let wrong = Credentials(accessKeyId: CredentialsFixture.baseKey.id, accessKeySecret: "not-the-secret")
            let provider = CredentialsFixture.context(endpoint, home: home).ramRole(
                AssumeRoleParameters(roleArn: CredentialsFixture.roleArn), base: StaticCredentialsProvider(wrong))
            let error = await #expect(throws: APIError.self) { try await provider.credentials() }
            #expect(error?.message.contains("SignatureDoesNotMatch") == true)
        }
    }

    @Test func oidcPresentsTheTokenFileUnsigned() async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        let tokenFile = (home as NSString).appendingPathComponent("token")
        try CredentialsFixture.write("eyJhbGciOiJSUzI1NiJ9.first-token\n", to: tokenFile)
        try await service.withRunning { endpoint in
            let provider = CredentialsFixture.context(endpoint, home: home).oidcRole(OIDCRoleParameters(
                roleArn: CredentialsFixture.roleArn, oidcProviderArn: "acs:ram::1:oidc-provider/ack-rrsa-c1",
                oidcTokenFile: tokenFile, roleSessionName: "rrsa-session"))
            let credentials = try await provider.credentials()
            #expect(credentials.accessKeyId == service.issued.last?.id)
            #expect(credentials.providerName == "oidc_role_arn")
            let record = try #require(service.records.last)
            #expect(record.action == "AssumeRoleWithOIDC")
            #expect(record.oidcToken == "eyJhbGciOiJSUzI1NiJ9.first-token")
            #expect(record.parameters["OIDCProviderArn"] == "acs:ram::1:oidc-provider/ack-rrsa-c1")
            #expect(record.parameters["RoleSessionName"] == "rrsa-session")
            #expect(record.parameters["Signature"] == nil && record.parameters["AccessKeyId"] == nil)
        }
    }

    /// The kubelet rotates the token: each refresh reads the file again.
    @Test func oidcTokenFileRotatedBetweenTwoRefreshes() async throws {
        let clock = ManualWallClock()
        let service = CredentialsFixture.service(clock: clock) { $0.lifetime = 3600 }
        let home = try CredentialsFixture.temporaryDirectory()
        let tokenFile = (home as NSString).appendingPathComponent("token")
        try CredentialsFixture.write("token-one", to: tokenFile)
        try await service.withRunning { endpoint in
            let provider = CredentialsFixture.context(endpoint, home: home, clock: clock).oidcRole(OIDCRoleParameters(
                roleArn: CredentialsFixture.roleArn, oidcProviderArn: "acs:ram::1:oidc-provider/p", oidcTokenFile: tokenFile))
            let first = try await provider.credentials()
            try CredentialsFixture.write("token-two", to: tokenFile)
            clock.advance(by: 600)
            #expect(try await provider.credentials() == first)
            clock.advance(by: 2100)
            let second = try await provider.credentials()
            #expect(second != first)
            #expect(service.records.compactMap(\.oidcToken) == ["token-one", "token-two"])
        }
    }

    @Test func missingOrEmptyTokenFileIsNamed() async throws {
        let home = try CredentialsFixture.temporaryDirectory()
        let tokenFile = (home as NSString).appendingPathComponent("token")
        let context = CredentialsFixture.context(Endpoint(scheme: "http", host: "127.0.0.1", port: 9), home: home)
        let provider = context.oidcRole(OIDCRoleParameters(roleArn: "r", oidcProviderArn: "p", oidcTokenFile: tokenFile))
        let missing = await #expect(throws: APIError.self) { try await provider.credentials() }
        #expect(missing?.message.contains("\(tokenFile) does not exist") == true)
        try CredentialsFixture.write("\n", to: tokenFile)
        let empty = await #expect(throws: APIError.self) { try await provider.credentials() }
        #expect(empty?.message.contains("is empty") == true)
    }

    @Test(arguments: [
        (nil as String?, false, "sts.aliyuncs.com"),
        (nil, true, "sts.aliyuncs.com"),
        ("cn-hangzhou", false, "sts.cn-hangzhou.aliyuncs.com"),
        ("cn-hangzhou", true, "sts-vpc.cn-hangzhou.aliyuncs.com"),
        ("ap-southeast-1", false, "sts.ap-southeast-1.aliyuncs.com"),
    ])
    func stsEndpointRules(region: String?, vpc: Bool, host: String) {
        let endpoint = STSEndpoint.resolve(region: region, vpc: vpc)
        #expect(endpoint == Endpoint(scheme: "https", host: host))
    }
}
