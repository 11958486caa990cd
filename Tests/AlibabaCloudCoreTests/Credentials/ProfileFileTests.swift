import AlibabaCloudCore
import Foundation
import SecurityCenterSimulator
import Testing

/// The CLI's `~/.aliyun/config.json`, the INI credentials file and the
/// secret file, with STS and the metadata service simulated on loopback.
@Suite(.timeLimit(.minutes(1))) struct ProfileFileTests {
    static let cliConfig = """
        {"current": "ak",
         "profiles": [
          {"name": "ak", "mode": "AK", "access_key_id": "LTAIcliak000001", "access_key_secret": "cli-ak-secret"},
          {"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli000001", "access_key_secret": "cli-sts-secret", "sts_token": "cli-sts-token"},
          {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIbasekeyid0001", "access_key_secret": "base-secret-DO-NOT-LEAK",
           "ram_role_arn": "acs:ram::1234567890123456:role/sas-readonly", "ram_session_name": "cli-session", "expired_seconds": 900},
          {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role",
           "ram_role_arn": "acs:ram::1234567890123456:role/sas-readonly", "ram_session_name": "chained-session"},
          {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "sas-exporter-role"},
          {"name": "oidc", "mode": "OIDC", "ram_role_arn": "acs:ram::1234567890123456:role/sas-readonly",
           "oidc_provider_arn": "acs:ram::1:oidc-provider/ack", "oidc_token_file": "TOKEN_FILE"},
          {"name": "broken", "mode": "External"},
          {"name": "incomplete", "mode": "AK", "access_key_id": "LTAIonly"}
         ]}
        """

    /// (profile, environment profile, expected provider name, expected key id or nil for an issued one, STS action)
    @Test(arguments: [
        (nil as String?, nil as String?, "cli_profile/access_key", "LTAIcliak000001" as String?, nil as String?),
        (nil, "sts", "cli_profile/sts_token", "STS.cli000001", nil),
        ("sts", "ak", "cli_profile/sts_token", "STS.cli000001", nil),
        ("role", nil, "cli_profile/ram_role_arn", nil, "AssumeRole"),
        ("chained", nil, "cli_profile/ram_role_arn", nil, "AssumeRole"),
        ("ecs", nil, "cli_profile/ecs_ram_role", nil, nil),
        ("oidc", nil, "cli_profile/oidc_role_arn", nil, "AssumeRoleWithOIDC"),
    ])
    func cliProfileModes(profile: String?, environmentProfile: String?, providerName: String, keyId: String?, action: String?) async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        let tokenFile = (home as NSString).appendingPathComponent("oidc-token")
        try CredentialsFixture.write("cli-oidc-token", to: tokenFile)
        try CredentialsFixture.write(
            Self.cliConfig.replacingOccurrences(of: "TOKEN_FILE", with: tokenFile),
            to: (home as NSString).appendingPathComponent(".aliyun/config.json"))
        try await service.withRunning { endpoint in
            let environment = environmentProfile.map { ["ALIBABA_CLOUD_PROFILE": $0] } ?? [:]
            let provider = CredentialsFixture.context(endpoint, environment: environment, home: home).cliProfile(name: profile)
            let credentials = try await provider.credentials()
            #expect(credentials.providerName == providerName)
            #expect(credentials.accessKeyId == keyId ?? service.issued.last?.id)
            #expect(service.records.last?.action == action)
            if profile == "chained" {
                #expect(service.records.compactMap(\.parameters["RoleSessionName"]) == ["cli-session", "chained-session"])
            }
        }
    }

    @Test(arguments: [
        ("broken", "mode External, which is not supported"),
        ("incomplete", "has no access_key_secret"),
        ("absent", "no profile absent"),
    ])
    func cliProfileErrorsAreNamed(profile: String, message: String) async throws {
        let home = try CredentialsFixture.temporaryDirectory()
        try CredentialsFixture.write(Self.cliConfig, to: (home as NSString).appendingPathComponent(".aliyun/config.json"))
        let provider = CredentialsFixture.context(nil, home: home).cliProfile(name: profile)
        let error = await #expect(throws: APIError.self) { try await provider.credentials() }
        #expect(error?.code == "CredentialsUnavailable")
        #expect(error?.message.contains(message) == true)
    }

    static let ini = """
        ; the SDKs' credentials file
        [default]
        type = access_key
        access_key_id = LTAIinidefault01
        access_key_secret = "ini-default-secret"

        [role]
        type = ram_role_arn
        access_key_id = LTAIbasekeyid0001
        access_key_secret = base-secret-DO-NOT-LEAK
        role_arn = acs:ram::1234567890123456:role/sas-readonly
        role_session_name = ini-session

        [oidc]
        type = oidc_role_arn
        role_arn = acs:ram::1234567890123456:role/sas-readonly
        oidc_provider_arn = acs:ram::1:oidc-provider/ack
        oidc_token_file_path = TOKEN_FILE

        [ecs]
        type = ecs_ram_role
        role_name = sas-exporter-role

        [disabled]
        enable = false
        type = access_key
        access_key_id = LTAIdisabled
        access_key_secret = disabled-secret

        [odd]
        type = rsa_key_pair
        """

    @Test(arguments: [
        (nil as String?, nil as String?, "credentials_file/access_key", "LTAIinidefault01" as String?, nil as String?),
        (nil, "role", "credentials_file/ram_role_arn", nil, "AssumeRole"),
        ("oidc", "role", "credentials_file/oidc_role_arn", nil, "AssumeRoleWithOIDC"),
        ("ecs", nil, "credentials_file/ecs_ram_role", nil, nil),
    ])
    func iniFileTypes(section: String?, environmentProfile: String?, providerName: String, keyId: String?, action: String?) async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        let tokenFile = (home as NSString).appendingPathComponent("oidc-token")
        try CredentialsFixture.write("ini-oidc-token", to: tokenFile)
        // Through ALIBABA_CLOUD_CREDENTIALS_FILE, not the default path.
        let iniPath = (home as NSString).appendingPathComponent("elsewhere/credentials.ini")
        try CredentialsFixture.write(Self.ini.replacingOccurrences(of: "TOKEN_FILE", with: tokenFile), to: iniPath)
        try await service.withRunning { endpoint in
            var environment = ["ALIBABA_CLOUD_CREDENTIALS_FILE": iniPath]
            environment["ALIBABA_CLOUD_PROFILE"] = environmentProfile
            let provider = CredentialsFixture.context(endpoint, environment: environment, home: home)
                .credentialsFile(path: nil, profile: section)
            let credentials = try await provider.credentials()
            #expect(credentials.providerName == providerName)
            #expect(credentials.accessKeyId == keyId ?? service.issued.last?.id)
            #expect(service.records.last?.action == action)
            if keyId == "LTAIinidefault01" { #expect(credentials.accessKeySecret == "ini-default-secret") }
        }
    }

    @Test(arguments: [
        ("disabled", "enable = false"),
        ("odd", "type \"rsa_key_pair\""),
        ("missing", "no section [missing]"),
    ])
    func iniErrorsAreNamed(section: String, message: String) async throws {
        let home = try CredentialsFixture.temporaryDirectory()
        try CredentialsFixture.write(Self.ini, to: (home as NSString).appendingPathComponent(".alibabacloud/credentials.ini"))
        let provider = CredentialsFixture.context(nil, home: home).credentialsFile(path: nil, profile: section)
        let error = await #expect(throws: APIError.self) { try await provider.credentials() }
        #expect(error?.message.contains(message) == true)
    }

    @Test func secretFileIsReadAtEveryCallAndTrimmed() async throws {
        let home = try CredentialsFixture.temporaryDirectory()
        let path = (home as NSString).appendingPathComponent("secret")
        let provider = SecretFileCredentialsProvider(accessKeyId: "LTAIfromfile0001", secretFile: path)
        let missing = await #expect(throws: APIError.self) { try await provider.credentials() }
        #expect(missing?.message.contains("does not exist") == true)
        try CredentialsFixture.write("first-secret\n", to: path)
        #expect(try await provider.credentials().accessKeySecret == "first-secret")
        try CredentialsFixture.write("rotated-secret\r\n", to: path)
        #expect(try await provider.credentials().accessKeySecret == "rotated-secret")
        #expect(try await provider.credentials().providerName == "access_key_secret_file")
    }
}
