import AlibabaCloudCore
import AsyncHTTPClient
import DingTalkExporter
import Foundation
import SecurityCenterSimulator
import Testing

/// The access key secret, the STS token and the webhook URLs (with their
/// access tokens) must never reach `/metrics`, `/` or the logs, whatever
/// happens: success, API errors, signature failures.
@Suite("No secret leaks")
struct SecretLeakTests {
    @Test("secrets appear in none of /metrics, / and the logs")
    func noSecrets() async throws {
        let dataSet = SimulatorDataSet.generate(count: 30, seed: 11)
        let key = SimulatorAccessKey(id: "sts-key-id", secret: "SECRET-sts-access-key-secret", securityToken: "SECRET-sts-security-token")
        let capture = LogCapture()
        let logger = capture.logger(level: .trace)
        try await SecurityCenterSimulator.withRunning(dataSet: dataSet, accessKeys: [key], logger: logger) { simulator, endpoint in
            var good = ExporterHarness.account(endpoint, name: "good")
            good.credentials = .fixed(Credentials(accessKeyId: key.id, accessKeySecret: key.secret, securityToken: key.securityToken))
            var bad = ExporterHarness.account(endpoint, name: "bad")
            bad.credentials = .fixed(Credentials(accessKeyId: key.id, accessKeySecret: "SECRET-wrong-secret", securityToken: key.securityToken))
            bad.signatureVersion = .v1
            let config = ExporterConfig(accounts: [good, bad])
            let exporter = Exporter(config: config, httpClient: ExporterHarness.httpClient, environment: [:], logger: logger)
            #expect(await exporter.pollers[0].pollOnce())
            #expect(await exporter.pollers[1].pollOnce() == false)
            simulator.inject(.noPermission, times: 1)
            #expect(await exporter.pollers[0].pollOnce() == false)
            simulator.inject(.serverErrorHTML(), times: 1)
            #expect(await exporter.pollers[0].pollOnce() == false)

            let metrics = try await ExporterHarness.get(exporter, "/metrics").1
            let landing = try await ExporterHarness.get(exporter, "/").1
            let logs = capture.all.joined(separator: "\n")
            #expect(!capture.all.isEmpty)
            #expect(metrics.contains("aliyun_sas_dingtalk_notification_info"))

            var secrets = ["SECRET-sts-access-key-secret", "SECRET-sts-security-token", "SECRET-wrong-secret", "access_token"]
            secrets += dataSet.notifications.map(\.webhookURL)
            secrets += dataSet.notifications.compactMap { URLComponents(string: $0.webhookURL)?.queryItems?.first { $0.name == "access_token" }?.value }
            for secret in secrets {
                #expect(!metrics.contains(secret), "/metrics leaks \(secret.prefix(12))…")
                #expect(!landing.contains(secret), "/ leaks \(secret.prefix(12))…")
                #expect(!logs.contains(secret), "logs leak \(secret.prefix(12))…")
            }
        }
    }
}
