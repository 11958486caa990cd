import AlibabaCloudCore
import DingTalkExporter
import Foundation
import Logging
import SecurityCenterSimulator
import Testing

/// The exporter on an ECS instance RAM role whose STS token rotates every
/// few seconds, the simulator revoking each old token as the new one is
/// issued: every poll succeeds, and the simulator never sees an expired or
/// revoked token.
@Suite("Credentials rotation, end to end", .timeLimit(.minutes(1)))
struct CredentialsRotationTests {
    /// Refreshed 15 minutes before expiry: a lifetime of 15 minutes and 2
    /// seconds means a new token every 2 seconds.
    static let lifetime: TimeInterval = 15 * 60 + 2
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("ECS role credentials rotating while the exporter polls: every poll succeeds")
    func rotatingECSRoleToken() async throws {
        let dataSet = SimulatorDataSet.generate(count: 45, seed: 5)
        let capture = LogCapture()
        let logger = capture.logger(level: .debug)
        try await SecurityCenterSimulator.withRunning(dataSet: dataSet, accessKeys: []) { simulator, endpoint in
            var configuration = SimulatedCredentialsService.Configuration()
            configuration.lifetime = Self.lifetime
            configuration.requireIMDSv2 = true
            let metadata = SimulatedCredentialsService(configuration: configuration, onIssue: { issued, previous in
                simulator.addAccessKey(issued)
                if let previous { simulator.revokeAccessKey(id: previous.id) }
            })
            try await metadata.withRunning { metadataEndpoint in
                let home = NSTemporaryDirectory() + "rotation-\(UUID().uuidString)"
                // The default chain with nothing else available lands on the instance role.
                let environment = ["ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"]
                let context = CredentialsContext(
                    httpClient: ExporterHarness.httpClient, environment: environment, homeDirectory: home,
                    metadataEndpoint: metadataEndpoint, logger: logger)
                var account = ExporterHarness.account(endpoint)
                account.credentials = .defaultChain
                account.pageSize = 10
                let exporter = Exporter(
                    config: ExporterConfig(accounts: [account], disableExporterMetrics: true),
                    httpClient: ExporterHarness.httpClient, environment: environment, credentialsContext: context,
                    logger: logger)

                var polls = 0
                while metadata.issued.count < 4 {
                    #expect(await exporter.pollers[0].pollOnce(), "poll \(polls) failed")
                    polls += 1
                    try await Task.sleep(for: .milliseconds(300))
                }
                #expect(simulator.refusals.isEmpty, "refused: \(simulator.refusals)")
                // Each poll reads 5 pages: tokens changed between polls, never inside one's signature.
                #expect(simulator.requestCount == polls * 5)
                let status = try #require(exporter.state.statuses.first)
                #expect(status.lastError == nil)
                let lastKey = try #require(metadata.issued.last)
                let shown = Credentials(accessKeyId: lastKey.id, accessKeySecret: lastKey.secret).maskedAccessKeyId
                #expect(status.credentials == "default_chain/ecs_ram_role (\(shown))")
                let landing = try await ExporterHarness.get(exporter, "/").1
                #expect(landing.contains("default_chain/ecs_ram_role (\(shown))"))
                #expect(capture.all.contains { $0.contains("Credentials in use") && $0.contains(shown) })
                for key in metadata.issued {
                    #expect(!landing.contains(key.id) && !landing.contains(key.secret))
                    #expect(!capture.all.contains { $0.contains(key.secret) || $0.contains(key.securityToken ?? key.secret) })
                }
            }
        }
    }

    @Test("a metadata service that fails leaves up at 0 with CredentialsUnavailable, and the exporter recovers")
    func recoversWhenTheSourceRecovers() async throws {
        let dataSet = SimulatorDataSet.generate(count: 5, seed: 6)
        try await SecurityCenterSimulator.withRunning(dataSet: dataSet, accessKeys: []) { simulator, endpoint in
            let metadata = SimulatedCredentialsService(onIssue: { issued, _ in simulator.addAccessKey(issued) })
            try await metadata.withRunning { metadataEndpoint in
                let context = CredentialsContext(
                    httpClient: ExporterHarness.httpClient, environment: [:], homeDirectory: NSTemporaryDirectory(),
                    metadataEndpoint: metadataEndpoint, logger: Self.silent)
                var account = ExporterHarness.account(endpoint)
                account.credentials = .ecsRamRole(roleName: nil)
                let exporter = Exporter(
                    config: ExporterConfig(accounts: [account], disableExporterMetrics: true),
                    httpClient: ExporterHarness.httpClient, environment: [:], credentialsContext: context,
                    logger: Self.silent)
                metadata.failNext(status: 500, code: "InternalError")
                #expect(await exporter.pollers[0].pollOnce() == false)
                let (_, failed) = try await ExporterHarness.scrape(exporter)
                #expect(failed.value("aliyun_sas_dingtalk_api_errors_total", ["account": "default", "code": "CredentialsUnavailable"]) == 1)
                #expect(failed.value("aliyun_sas_dingtalk_up", ["account": "default"]) == 0)
                #expect(exporter.state.statuses.first?.lastError?.message.contains("HTTP 500") == true)

                #expect(await exporter.pollers[0].pollOnce())
                let (_, recovered) = try await ExporterHarness.scrape(exporter)
                #expect(recovered.value("aliyun_sas_dingtalk_up", ["account": "default"]) == 1)
            }
        }
    }
}
