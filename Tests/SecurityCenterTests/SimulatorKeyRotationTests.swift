import AlibabaCloudCore
import Foundation
import SecurityCenterSimulator
import Testing

/// Keys added and revoked while the simulator serves, and STS keys that expire.
@Suite(.timeLimit(.minutes(1))) struct SimulatorKeyRotationTests {
    static let issued = SimulatorAccessKey(
        id: "STS.rotated-1", secret: "rotated-secret-DO-NOT-LEAK", securityToken: "rotated-token-DO-NOT-LEAK",
        expiration: Date(timeIntervalSince1970: 1_800_000_000))

    @Test(arguments: SignatureVersion.allCases)
    func addedKeysWorkRevokedKeysAreNotFound(signature: SignatureVersion) async throws {
        let before = Date(timeIntervalSince1970: 1_800_000_000 - 60)
        try await SimulatorTestSupport.withSimulator(now: { before }) { simulator, endpoint in
            let client = SimulatorTestSupport.client(
                endpoint, credentials: SimulatorTestSupport.credentials(Self.issued), signature: signature, now: { before })
            // Not known yet.
            let unknown = await #expect(throws: APIError.self) {
                try await client.call(action: SimulatorTestSupport.action, version: SimulatorTestSupport.version, parameters: [])
            }
            #expect(unknown?.code == "InvalidAccessKeyId.NotFound")

            simulator.addAccessKey(Self.issued)
            _ = try await client.call(action: SimulatorTestSupport.action, version: SimulatorTestSupport.version, parameters: [])
            #expect(simulator.refusals == ["InvalidAccessKeyId.NotFound": 1])

            simulator.revokeAccessKey(id: Self.issued.id)
            let revoked = await #expect(throws: APIError.self) {
                try await client.call(action: SimulatorTestSupport.action, version: SimulatorTestSupport.version, parameters: [])
            }
            #expect(revoked?.code == "InvalidAccessKeyId.NotFound")
            #expect(simulator.refusals == ["InvalidAccessKeyId.NotFound": 2])
        }
    }

    @Test func aTokenIsRefusedFromItsExpiration() async throws {
        let clock = Date(timeIntervalSince1970: 1_800_000_000)
        try await SimulatorTestSupport.withSimulator(now: { clock }) { simulator, endpoint in
            simulator.addAccessKey(Self.issued)
            let client = SimulatorTestSupport.client(
                endpoint, credentials: SimulatorTestSupport.credentials(Self.issued), now: { clock })
            let expired = await #expect(throws: APIError.self) {
                try await client.call(action: SimulatorTestSupport.action, version: SimulatorTestSupport.version, parameters: [])
            }
            #expect(expired?.code == "InvalidSecurityToken.Expired")
            #expect(simulator.refusals == ["InvalidSecurityToken.Expired": 1])
        }
    }
}
