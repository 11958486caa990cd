import AlibabaCloudCore
import ArgumentParser
import DingTalkExporter
import Foundation
import SecurityCenter
import SecurityCenterSimulator

/// Micro-benchmarks of the per-poll work: signing a request, decoding a
/// page, rendering a snapshot (and its cached forms). Prints one Markdown
/// row per case: time per operation (median of several rounds).
struct MicroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "micro", abstract: "Signer, page decoder and snapshot render micro-benchmarks.")

    @Option(help: "Rounds per case; the median is reported.") var rounds = 7
    @Option(help: "Notifications in the rendered snapshot.") var notifications = 1000

    func run() async throws {
        let dataSet = SimulatorDataSet.generate(count: notifications, seed: 1)
        let page = Array(dataSet.wirePage(pageSize: 20).utf8)
        let signer = SignerV3(accessKeyId: "bench-access-key-id", accessKeySecret: "bench-access-key-secret")
        let query = [("Action", "DescribeDingTalk"), ("CurrentPage", "3"), ("PageSize", "20"), ("Version", "2018-12-03")]
        let headers = [
            ("host", "tds.cn-shanghai.aliyuncs.com"), ("x-acs-action", "DescribeDingTalk"), ("x-acs-version", "2018-12-03"),
            ("x-acs-date", "2026-11-30T01:00:00Z"), ("x-acs-signature-nonce", "3f2c9a1e-0000-4000-8000-000000000000"),
        ]
        let snapshot = AccountSnapshot(
            account: "default", notifications: try Self.decodeAll(dataSet), reportedTotal: notifications, completedAt: Date())
        let renderer = SnapshotRenderer()
        print("| case | iterations | time per operation |")
        print("|---|---|---|")
        measure("sign V3 (one request)", iterations: 20_000) {
            _ = signer.sign(method: "POST", path: "/", query: query, headers: headers, hashedPayload: SignerV3.hashedPayload([]))
        }
        measure("decode one page (20 notifications)", iterations: 2_000) {
            _ = try? DescribeDingTalkPage.decode(page)
        }
        measure("render snapshot (\(notifications) notifications)", iterations: 20) {
            _ = renderer.render([snapshot])
        }
        measure("render + cache all forms (\(notifications))", iterations: 20) {
            _ = RenderedSnapshot(text: renderer.render([snapshot]))
        }
    }

    /// The whole data set, decoded page by page as a poll would.
    static func decodeAll(_ dataSet: SimulatorDataSet) throws -> [DingTalkNotification] {
        try DescribeDingTalkPage.decode(Array(dataSet.wirePage(pageSize: dataSet.notifications.count).utf8)).notifications
    }

    func measure(_ name: String, iterations: Int, _ body: () -> Void) {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for _ in 0..<rounds {
            let elapsed = clock.measure { for _ in 0..<iterations { body() } }
            samples.append(elapsed / iterations)
        }
        let median = samples.sorted()[samples.count / 2]
        print("| \(name) | \(iterations) x \(rounds) | \(median.formatted(.units(allowed: [.microseconds, .milliseconds], fractionalPart: .show(length: 1)))) |")
    }
}
