import AlibabaCloudCore
import ArgumentParser
import DingTalkExporter
import Foundation
import SecurityCenter
import SecurityCenterSimulator

/// Micro-benchmarks of the per-poll work: signing a request, decoding a
/// page, rendering a snapshot (and its cached forms). Prints one Markdown
/// row per case: time per operation (median of several rounds).
/// Allocation counts come from `scripts/bench-micro.sh`, which runs one case
/// under valgrind at two iteration counts and divides the difference.
struct MicroCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "micro", abstract: "Signer, page decoder and snapshot render micro-benchmarks.")

    @Option(help: "Rounds per case; the median is reported.") var rounds = 7
    @Option(help: "Notifications in the rendered snapshot.") var notifications = 1000
    @Option(help: "Only this case: sign, decode, render or cache.") var only: String?
    @Option(help: "Iterations per round instead of each case's default.") var iterations: Int?

    struct Case {
        var key: String
        var name: String
        var iterations: Int
        var body: () -> Void
    }

    func run() async throws {
        let dataSet = SimulatorDataSet.generate(count: notifications, seed: 1)
        let page = Array(dataSet.wirePage(pageSize: 20).utf8)
        let signer = SignerV3(accessKeyId: "bench-access-key-id", accessKeySecret: "bench-access-key-secret")
        let query = [("Action", "DescribeDingTalk"), ("CurrentPage", "3"), ("PageSize", "20"), ("Version", "2018-12-03")]
        let headers = [
            ("host", "tds.cn-shanghai.aliyuncs.com"), ("x-acs-action", "DescribeDingTalk"), ("x-acs-version", "2018-12-03"),
            ("x-acs-date", "2026-11-30T01:00:00Z"), ("x-acs-signature-nonce", "3f2c9a1e-0000-4000-8000-000000000000"),
        ]
        let all = try DescribeDingTalkPage.decode(Array(dataSet.wirePage(pageSize: notifications).utf8)).notifications
        let snapshot = AccountSnapshot(account: "default", notifications: all, reportedTotal: notifications, completedAt: Date())
        let renderer = SnapshotRenderer()
        let cases = [
            Case(key: "sign", name: "sign V3 (one request)", iterations: 20_000) {
                _ = signer.sign(method: "POST", path: "/", query: query, headers: headers, hashedPayload: SignerV3.hashedPayload([]))
            },
            Case(key: "decode", name: "decode one page (20 notifications)", iterations: 2_000) {
                _ = try? DescribeDingTalkPage.decode(page)
            },
            Case(key: "render", name: "render snapshot (\(notifications) notifications)", iterations: 20) {
                _ = renderer.render([snapshot])
            },
            Case(key: "cache", name: "render + cached forms: OpenMetrics, deflated (\(notifications))", iterations: 20) {
                _ = RenderedSnapshot(text: renderer.render([snapshot]))
            },
        ]
        guard only == nil || cases.contains(where: { $0.key == only }) else {
            throw ValidationError("--only must be one of \(cases.map(\.key).joined(separator: ", "))")
        }
        var table = ["| case | iterations | time per operation |", "|---|---|---|"]
        for item in cases where only == nil || item.key == only {
            table.append(measure(item.name, iterations: iterations ?? item.iterations, item.body))
        }
        // Deliberate CLI output: the Markdown table docs/benchmarks.md takes.
        print(table.joined(separator: "\n"))
    }

    /// Times `body`; returns the table row (median of `rounds`).
    func measure(_ name: String, iterations: Int, _ body: () -> Void) -> String {
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for _ in 0..<rounds {
            let elapsed = clock.measure { for _ in 0..<iterations { body() } }
            samples.append(elapsed / max(1, iterations))
        }
        let median = samples.sorted()[samples.count / 2]
        let micros = Double(median.components.attoseconds) / 1e12 + Double(median.components.seconds) * 1e6
        return "| \(name) | \(iterations) x \(rounds) | \(String(format: "%.1f", micros)) µs |"
    }
}
