import AlibabaCloudCore
import Testing

@Suite struct CredentialsProviderTests {
    @Test func staticProviderReturnsItsCredentials() async throws {
        let credentials = Credentials(accessKeyId: "id", accessKeySecret: "s3cret", securityToken: "tok")
        let provider = StaticCredentialsProvider(credentials)
        #expect(try await provider.credentials() == credentials)
        #expect(provider.kind == "static")
        #expect(!"\(provider)".contains("s3cret"))
    }

    @Test func environmentProviderReadsTheThreeVariables() async throws {
        let provider = EnvironmentCredentialsProvider(environment: [
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIid", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s3cret",
            "ALIBABA_CLOUD_SECURITY_TOKEN": "sts-token", "UNRELATED": "x",
        ])
        #expect(provider.kind == "environment")
        let credentials = try await provider.credentials()
        #expect(credentials == Credentials(accessKeyId: "LTAIid", accessKeySecret: "s3cret", securityToken: "sts-token"))
    }

    @Test func environmentTokenIsOptionalAndEmptyMeansAbsent() async throws {
        let base = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret"]
        #expect(try await EnvironmentCredentialsProvider(environment: base).credentials().securityToken == nil)
        var withEmpty = base
        withEmpty["ALIBABA_CLOUD_SECURITY_TOKEN"] = ""
        #expect(try await EnvironmentCredentialsProvider(environment: withEmpty).credentials().securityToken == nil)
    }

    @Test(arguments: [
        ([:], ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"]),
        (["ALIBABA_CLOUD_ACCESS_KEY_ID": "id-value"], ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]),
        (["ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret-value"], ["ALIBABA_CLOUD_ACCESS_KEY_ID"]),
        (["ALIBABA_CLOUD_ACCESS_KEY_ID": "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret-value"], ["ALIBABA_CLOUD_ACCESS_KEY_ID"]),
        (["ALIBABA_CLOUD_ACCESS_KEY_ID": "id-value", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "",
          "ALIBABA_CLOUD_SECURITY_TOKEN": "token-value"], ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]),
    ] as [([String: String], [String])])
    func missingVariablesAreNamedNeverValued(_ environment: [String: String], missing: [String]) async {
        let provider = EnvironmentCredentialsProvider(environment: environment)
        let error = await #expect(throws: APIError.self) { try await provider.credentials() }
        #expect(error?.code == "CredentialsUnavailable")
        for name in missing { #expect(error?.message.contains(name) == true) }
        for value in environment.values where !value.isEmpty {
            #expect(error?.message.contains(value) == false)
            #expect(error.map { "\($0)" }?.contains(value) == false)
        }
    }
}
