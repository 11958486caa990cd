import AlibabaCloudCore
import Foundation
import SecurityCenterSimulator
import NIOConcurrencyHelpers
import Testing

/// The refreshing cache: 15 minutes ahead, one refresher, old credentials
/// kept through a failed refresh while they last, recovery.
@Suite(.timeLimit(.minutes(1))) struct RefreshingProviderTests {
    @Test func refreshesFifteenMinutesBeforeExpiration() async throws {
        let clock = ManualWallClock()
        let service = CredentialsFixture.service(clock: clock) { $0.lifetime = 3600 }
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let provider = CredentialsFixture.context(endpoint, home: home, clock: clock).ecsRAMRole(roleName: "sas-exporter-role")
            let first = try await provider.credentials()
            clock.advance(by: 45 * 60 - 1)
            #expect(try await provider.credentials() == first)
            #expect(service.issued.count == 1)
            clock.advance(by: 1)
            let second = try await provider.credentials()
            #expect(service.issued.count == 2)
            #expect(second.accessKeyId == service.issued[1].id)
            #expect(try await provider.credentials() == second)
        }
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let clock = ManualWallClock()
        let service = CredentialsFixture.service(clock: clock)
        let home = try CredentialsFixture.temporaryDirectory()
        try await service.withRunning { endpoint in
            let provider = CredentialsFixture.context(endpoint, home: home, clock: clock).ecsRAMRole(roleName: "sas-exporter-role")
            let results = try await withThrowingTaskGroup(of: Credentials.self) { group in
                for _ in 0..<20 { group.addTask { try await provider.credentials() } }
                return try await group.reduce(into: [Credentials]()) { $0.append($1) }
            }
            #expect(service.issued.count == 1)
            #expect(Set(results.map(\.accessKeyId)) == [service.issued[0].id])
        }
    }

    @Test func failedRefreshKeepsOldCredentialsThenFailsThenRecovers() async throws {
        let clock = ManualWallClock()
        let service = CredentialsFixture.service(clock: clock) { $0.lifetime = 3600 }
        let home = try CredentialsFixture.temporaryDirectory()
        let (logger, logs) = CapturingLogHandler.logger()
        try await service.withRunning { endpoint in
            let provider = CredentialsFixture.context(endpoint, home: home, clock: clock, logger: logger)
                .ecsRAMRole(roleName: "sas-exporter-role")
            let first = try await provider.credentials()
            service.failNext(status: 500, code: "InternalError", times: 100)

            // Due for refresh, the refresh fails: the old ones are still valid for 15 minutes.
            clock.advance(by: 46 * 60)
            #expect(try await provider.credentials() == first)
            #expect(logs.all.contains("warning Credentials refresh failed"))
            #expect(logs.all.contains("\"provider\": ecs_ram_role"))

            // Within the last minute of their life they are never handed out.
            clock.advance(by: 13 * 60 + 30)
            let error = await #expect(throws: APIError.self) { try await provider.credentials() }
            #expect(error?.code == "CredentialsUnavailable")
            #expect(error?.message.contains("HTTP 500") == true)
            #expect(logs.all.contains("warning Credentials unavailable"))

            // The source recovers: so does the provider, by itself.
            service.clearFailures()
            let recovered = try await provider.credentials()
            #expect(recovered != first)
            #expect(recovered.accessKeyId == service.issued.last?.id)
            #expect(logs.all.contains("Credentials available again"))
        }
    }

    @Test func failedRefreshIsRetriedAfterTheRetryInterval() async throws {
        let clock = ManualWallClock()
        let source = ScriptedSource(clock: clock)
        let provider = RefreshingCredentialsProvider(source, now: { clock.now() }, retryInterval: 30, logger: CredentialsFixture.silent)
        let first = try await provider.credentials()
        source.failing(true)
        clock.advance(by: 46 * 60)
        #expect(try await provider.credentials() == first)
        #expect(try await provider.credentials() == first)
        #expect(source.calls == 2)
        clock.advance(by: 31)
        #expect(try await provider.credentials() == first)
        #expect(source.calls == 3)
        source.failing(false)
        clock.advance(by: 31)
        #expect(try await provider.credentials() != first)
        #expect(source.calls == 4)
    }

    @Test func credentialsThatExpireAtOnceAreRefused() async throws {
        let clock = ManualWallClock()
        let source = ScriptedSource(clock: clock, lifetime: 30)
        let provider = RefreshingCredentialsProvider(source, now: { clock.now() }, logger: CredentialsFixture.silent)
        let error = await #expect(throws: APIError.self) { try await provider.credentials() }
        #expect(error?.code == "CredentialsUnavailable")
    }

    @Test func longLivedCredentialsAreFetchedOnce() async throws {
        let clock = ManualWallClock()
        let source = ScriptedSource(clock: clock, lifetime: nil)
        let provider = RefreshingCredentialsProvider(source, now: { clock.now() }, logger: CredentialsFixture.silent)
        _ = try await provider.credentials()
        clock.advance(by: 365 * 24 * 3600)
        _ = try await provider.credentials()
        #expect(source.calls == 1)
    }
}

/// A source whose every call mints new credentials valid for `lifetime` (nil: forever), or fails when told.
final class ScriptedSource: CredentialsProvider {
    private let state = NIOLockedValueBox<(calls: Int, failing: Bool)>((0, false))
    private let clock: ManualWallClock
    private let lifetime: TimeInterval?

    init(clock: ManualWallClock, lifetime: TimeInterval? = 3600) {
        self.clock = clock
        self.lifetime = lifetime
    }

    var kind: String { "scripted" }
    var calls: Int { state.withLockedValue { $0.calls } }
    func failing(_ value: Bool) { state.withLockedValue { $0.failing = value } }

    func credentials() async throws -> Credentials {
        let (n, failing) = state.withLockedValue { state in
            state.calls += 1
            return (state.calls, state.failing)
        }
        if failing { throw APIError(code: "ServiceUnavailable", message: "scripted failure") }
        return Credentials(
            accessKeyId: "STS.scripted-\(n)", accessKeySecret: "scripted-secret-\(n)", securityToken: "scripted-token-\(n)",
            expiration: lifetime.map { clock.now().addingTimeInterval($0) })
    }
}
