import AlibabaCloudCore
import Foundation
import SecurityCenterSimulator
import NIOConcurrencyHelpers
import Testing

/// The default chain: the SDKs' order, every environment switch, the
/// remembered provider, and one error naming every link.
@Suite(.timeLimit(.minutes(1))) struct DefaultChainTests {
    enum Setup: String, CaseIterable, Sendable {
        case environment, oidc, cliProfile, cliProfileDisabled, iniFile, iniFileFromVariable, ecs, ecsNamedRole
    }

    /// Each case makes some sources available; the earliest in the SDKs' order must win.
    @Test(arguments: [
        ([Setup.environment, .oidc, .cliProfile, .iniFile, .ecs], "default_chain/environment"),
        ([.oidc, .cliProfile, .iniFile, .ecs], "default_chain/oidc_role_arn"),
        ([.cliProfile, .iniFile, .ecs], "default_chain/cli_profile/access_key"),
        ([.cliProfile, .cliProfileDisabled, .iniFile, .ecs], "default_chain/credentials_file/access_key"),
        ([.iniFileFromVariable, .ecs], "default_chain/credentials_file/access_key"),
        ([.ecs], "default_chain/ecs_ram_role"),
        ([.ecs, .ecsNamedRole], "default_chain/ecs_ram_role"),
    ])
    func theFirstAvailableSourceWins(setups: [Setup], expected: String) async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        var environment: [String: String] = [:]
        for setup in setups {
            switch setup {
            case .environment:
                environment["ALIBABA_CLOUD_ACCESS_KEY_ID"] = "LTAIenv00000001"
                environment["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "env-secret"
            case .oidc:
                let tokenFile = (home as NSString).appendingPathComponent("token")
                try CredentialsFixture.write("chain-oidc-token", to: tokenFile)
                environment["ALIBABA_CLOUD_ROLE_ARN"] = CredentialsFixture.roleArn
                environment["ALIBABA_CLOUD_OIDC_PROVIDER_ARN"] = "acs:ram::1:oidc-provider/ack"
                environment["ALIBABA_CLOUD_OIDC_TOKEN_FILE"] = tokenFile
            case .cliProfile:
                try CredentialsFixture.write(
                    #"{"current":"p","profiles":[{"name":"p","mode":"AK","access_key_id":"LTAIcli0000001","access_key_secret":"cli-secret"}]}"#,
                    to: (home as NSString).appendingPathComponent(".aliyun/config.json"))
            case .cliProfileDisabled:
                environment["ALIBABA_CLOUD_CLI_PROFILE_DISABLED"] = "TRUE"
            case .iniFile:
                try CredentialsFixture.write(
                    "[default]\ntype = access_key\naccess_key_id = LTAIini0000001\naccess_key_secret = ini-secret\n",
                    to: (home as NSString).appendingPathComponent(".alibabacloud/credentials.ini"))
            case .iniFileFromVariable:
                let path = (home as NSString).appendingPathComponent("custom.ini")
                try CredentialsFixture.write(
                    "[default]\ntype = access_key\naccess_key_id = LTAIini0000002\naccess_key_secret = ini-secret\n", to: path)
                environment["ALIBABA_CLOUD_CREDENTIALS_FILE"] = path
            case .ecs:
                break
            case .ecsNamedRole:
                environment["ALIBABA_CLOUD_ECS_METADATA"] = "sas-exporter-role"
            }
        }
        try await service.withRunning { endpoint in
            let chain = CredentialsFixture.context(endpoint, environment: environment, home: home).defaultChain()
            #expect(chain.kind == "default_chain")
            let credentials = try await chain.credentials()
            #expect(credentials.providerName == expected)
            let discovered = service.records.contains { $0.path == "/latest/meta-data/ram/security-credentials/" }
            #expect(discovered == (expected.hasSuffix("ecs_ram_role") && !setups.contains(.ecsNamedRole)))
        }
    }

    @Test func noSourceGivesOneErrorNamingEveryLink() async throws {
        let home = try CredentialsFixture.temporaryDirectory()
        let environment = [
            "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true", "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
            "ALIBABA_CLOUD_ROLE_ARN": CredentialsFixture.roleArn,
        ]
        let chain = CredentialsFixture.context(nil, environment: environment, home: home).defaultChain()
        let error = await #expect(throws: APIError.self) { try await chain.credentials() }
        #expect(error?.code == "CredentialsUnavailable")
        let message = error?.message ?? ""
        for part in [
            "environment: environment variable(s) not set or empty: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "oidc_role_arn: skipped, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE not set",
            "cli_profile: skipped, ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true",
            "credentials_file: credentials file \(home)/.alibabacloud/credentials.ini does not exist",
            "ecs_ram_role: skipped, ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
        ] {
            #expect(message.contains(part), "\(part)")
        }
    }

    @Test func theMetadataServiceIsTriedLastAndItsFailureNamed() async throws {
        let service = CredentialsFixture.service { $0.roleName = nil }
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let chain = CredentialsFixture.context(endpoint, home: home).defaultChain()
            let error = await #expect(throws: APIError.self) { try await chain.credentials() }
            #expect(error?.message.contains("; ecs_ram_role: no RAM role is attached to this instance") == true)
            #expect(error?.message.contains("; cli_profile: CLI configuration \(home)/.aliyun/config.json does not exist") == true)
        }
    }

    @Test func theFirstProviderThatWorkedIsRemembered() async throws {
        let first = CountingProvider(name: "first", failures: 1)
        let second = CountingProvider(name: "second", failures: 0)
        let chain = DefaultCredentialsChain(
            links: [.init(name: "first", provider: first), .init(name: "second", provider: second)],
            logger: CredentialsFixture.silent)
        #expect(try await chain.credentials().providerName == "default_chain/second")
        // `first` would work now, but the chain sticks with what worked.
        #expect(try await chain.credentials().providerName == "default_chain/second")
        #expect(try await chain.credentials().providerName == "default_chain/second")
        #expect(first.calls == 1)
        #expect(second.calls == 3)
    }
}

/// Fails its first `failures` calls, then hands out a fixed key.
final class CountingProvider: CredentialsProvider {
    let name: String
    private let failures: Int
    private let counter = NIOLockedValueBox(0)

    init(name: String, failures: Int) {
        self.name = name
        self.failures = failures
    }

    var kind: String { name }
    var calls: Int { counter.withLockedValue { $0 } }

    func credentials() async throws -> Credentials {
        let call = counter.withLockedValue { count in
            count += 1
            return count
        }
        if call <= failures { throw APIError(code: "CredentialsUnavailable", message: "\(name) not yet") }
        return Credentials(accessKeyId: "LTAI\(name)", accessKeySecret: "\(name)-secret", providerName: name)
    }
}
