import AlibabaCloudCore
import Foundation
import Logging
import SecurityCenterSimulator
import Testing

/// Starting, stopping, and what the simulator logs.
@Suite struct SimulatorLifecycleTests {
    typealias Support = SimulatorTestSupport

    @Test func runReportsThePortAndStopsOnCancel() async throws {
        let simulator = SecurityCenterSimulator(
            dataSet: SimulatorDataSet.generate(count: 5, seed: 1), accessKeys: [Support.key], logger: Support.quietLogger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await simulator.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            let response = try await Support.describe(Support.client(Endpoint(scheme: "http", host: "127.0.0.1", port: port)))
            #expect(response.status == 200)
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(simulator.requestCount == 1)
    }

    @Test func aTakenPortFailsToStart() async throws {
        try await Support.withSimulator { _, endpoint in
            let second = SecurityCenterSimulator(
                dataSet: SimulatorDataSet(notifications: []), accessKeys: [], port: endpoint.port ?? 0,
                logger: Support.quietLogger)
            await #expect(throws: (any Error).self) { try await second.run() }
        }
    }

    @Test func withRunningPassesBodyErrorsOn() async throws {
        struct Marker: Error, Equatable {}
        await #expect(throws: Marker.self) {
            try await SecurityCenterSimulator.withRunning(
                dataSet: SimulatorDataSet(notifications: []), accessKeys: [], logger: Support.quietLogger
            ) { (_, _) -> Int in throw Marker() }
        }
    }

    @Test func withRunningReturnsTheBodysValue() async throws {
        let value = try await SecurityCenterSimulator.withRunning(
            dataSet: SimulatorDataSet(notifications: []), accessKeys: [], logger: Support.quietLogger
        ) { _, endpoint in endpoint.scheme + "://" + endpoint.host }
        #expect(value == "http://127.0.0.1")
    }

    @Test func logsNeverCarrySecrets() async throws {
        let records = SimulatorLogRecords()
        var logger = Logger(label: "simulator", factory: { _ in SimulatorLogRecords.Handler(records: records) })
        logger.logLevel = .trace
        let dataSet = SimulatorDataSet.generate(count: 30, seed: 4)
        try await SecurityCenterSimulator.withRunning(
            dataSet: dataSet, accessKeys: [Support.key, Support.stsKey], logger: logger
        ) { simulator, endpoint in
            // Per signature: two pages, one forged request, one throttled: 4 log lines.
            for signature in SignatureVersion.allCases {
                _ = try await Support.securityCenter(endpoint, credentials: Support.credentials(Support.stsKey), signature: signature).listAll()
                let wrong = Credentials(accessKeyId: Support.key.id, accessKeySecret: "wrong-secret-DO-NOT-LEAK")
                _ = try? await Support.describe(Support.client(endpoint, credentials: wrong, signature: signature))
                simulator.inject(.throttling())
                _ = try? await Support.describe(Support.client(endpoint, signature: signature))
            }
        }
        let lines = records.lines
        #expect(lines.filter { $0.hasPrefix("debug Simulator request") }.count == 8)
        #expect(lines.contains { $0.contains("outcome=ok") && $0.contains("access_key_id=STS.NSimulatorTestKey") })
        #expect(lines.contains {
            $0.contains("outcome=SignatureDoesNotMatch") && $0.contains("access_key_id=LTAI5tSimulatorTestKey")
        })
        #expect(lines.contains { $0.contains("outcome=fault:throttling:Throttling.User") })
        let secrets = [Support.key.secret, Support.stsKey.secret, Support.stsKey.securityToken ?? "-", "wrong-secret-DO-NOT-LEAK"]
            + dataSet.notifications.map { String($0.webhookURL.split(separator: "=").last ?? "-") }
        for line in lines {
            for secret in secrets { #expect(!line.contains(secret), "\(line)") }
        }
    }
}
