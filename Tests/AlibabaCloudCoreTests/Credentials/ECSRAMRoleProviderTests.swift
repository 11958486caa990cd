import AlibabaCloudCore
import Foundation
import SecurityCenterSimulator
import Testing

/// The ECS instance RAM role against a simulated metadata service on loopback.
@Suite(.timeLimit(.minutes(1))) struct ECSRAMRoleProviderTests {
    @Test func imdsV2FlowTokenThenRoleThenCredentials() async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let provider = CredentialsFixture.context(endpoint, home: home).ecsRAMRole(roleName: nil)
            let credentials = try await provider.credentials()
            let issued = try #require(service.issued.last)
            #expect(credentials.accessKeyId == issued.id)
            #expect(credentials.accessKeySecret == issued.secret)
            #expect(credentials.securityToken == issued.securityToken)
            #expect(credentials.expiration == issued.expiration)
            #expect(credentials.providerName == "ecs_ram_role")

            let records = service.records
            #expect(records.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token",
                "GET /latest/meta-data/ram/security-credentials/",
                "GET /latest/meta-data/ram/security-credentials/sas-exporter-role",
            ])
            #expect(records[0].tokenTTL == "21600")
            #expect(records[0].metadataToken == nil)
            let token = try #require(records[1].metadataToken)
            #expect(records[2].metadataToken == token)
        }
    }

    @Test func roleNameFromTheEnvironmentSkipsDiscovery() async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let context = CredentialsFixture.context(
                endpoint, environment: ["ALIBABA_CLOUD_ECS_METADATA": "sas-exporter-role"], home: home)
            _ = try await context.ecsRAMRole(roleName: nil).credentials()
            #expect(service.records.map(\.path) == ["/latest/api/token", "/latest/meta-data/ram/security-credentials/sas-exporter-role"])
        }
    }

    /// The IMDSv1 fallback rules: only when the token request fails, and never with ALIBABA_CLOUD_IMDSV1_DISABLED=true.
    @Test(arguments: [
        // token request status (nil: served), IMDSv1 disabled, service enforces IMDSv2 -> works, reads carry a token
        (nil, false, false, true, true),
        (nil, true, true, true, true),
        (404, false, false, true, false),
        (403, false, false, true, false),
        (404, true, false, false, false),
        (403, true, false, false, false),
        (nil, false, true, true, true),
    ] as [(Int?, Bool, Bool, Bool, Bool)])
    func imdsV1FallbackRules(tokenStatus: Int?, v1Disabled: Bool, enforceV2: Bool, works: Bool, withToken: Bool) async throws {
        let service = CredentialsFixture.service { configuration in
            configuration.tokenRequestStatus = tokenStatus
            configuration.requireIMDSv2 = enforceV2
        }
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let environment = v1Disabled ? ["ALIBABA_CLOUD_IMDSV1_DISABLED": "true"] : [:]
            let provider = CredentialsFixture.context(endpoint, environment: environment, home: home).ecsRAMRole(roleName: nil)
            if works {
                _ = try await provider.credentials()
                let reads = service.records.filter { $0.method == "GET" }
                #expect(reads.count == 2)
                #expect(reads.allSatisfy { ($0.metadataToken != nil) == withToken })
            } else {
                let error = await #expect(throws: APIError.self) { try await provider.credentials() }
                #expect(error?.code == "CredentialsUnavailable")
                #expect(error?.message.contains("ALIBABA_CLOUD_IMDSV1_DISABLED") == true)
                #expect(service.records.allSatisfy { $0.method == "PUT" })
            }
        }
    }

    @Test func noRoleAttachedIsNamed() async throws {
        let service = CredentialsFixture.service { $0.roleName = nil }
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let error = await #expect(throws: APIError.self) {
                try await CredentialsFixture.context(endpoint, home: home).ecsRAMRole(roleName: nil).credentials()
            }
            #expect(error?.code == "CredentialsUnavailable")
            #expect(error?.message.contains("no RAM role") == true)
        }
    }

    @Test func unknownRoleAndServiceErrorsAreUnavailable() async throws {
        let service = CredentialsFixture.service()
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let context = CredentialsFixture.context(endpoint, home: home)
            let missing = await #expect(throws: APIError.self) { try await context.ecsRAMRole(roleName: "other-role").credentials() }
            #expect(missing?.message.contains("HTTP 404") == true)
            service.failNext(status: 500, code: "InternalError")
            let failed = await #expect(throws: APIError.self) { try await context.ecsRAMRole(roleName: nil).credentials() }
            #expect(failed?.code == "CredentialsUnavailable")
            #expect(failed?.message.contains("HTTP 500") == true)
        }
    }

    @Test func nothingListeningIsConnectionFailedNotAHang() async throws {
        let home = try CredentialsFixture.temporaryDirectory()
        // Port 9 (discard) on loopback: nothing listens in the test environment.
        let endpoint = Endpoint(scheme: "http", host: "127.0.0.1", port: 9)
        let error = await #expect(throws: APIError.self) {
            try await CredentialsFixture.context(endpoint, home: home).ecsRAMRole(roleName: nil).credentials()
        }
        #expect(error?.code == "CredentialsUnavailable")
        #expect(error?.message.contains("ecs_ram_role") == true)
    }
}
