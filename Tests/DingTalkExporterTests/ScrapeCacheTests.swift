import AsyncHTTPClient
@testable import DingTalkExporter
import Foundation
import HTTPTypes
import NIOCore
import SecurityCenter
import SecurityCenterSimulator
import Testing

/// The per-poll render cache: each form is rendered once at publish, a
/// scrape writes it as cached plus the live part; with gzip, one member.
@Suite("Scrape cache")
struct ScrapeCacheTests {
    static let accounts = (0..<16).map { (name: "account-\($0)", endpoint: "http://127.0.0.1:1") }

    static func snapshot(_ account: String, ids: ClosedRange<Int>) -> AccountSnapshot {
        AccountSnapshot(
            account: account,
            notifications: ids.map { DingTalkNotification(id: Int64($0), name: "n\($0)", status: 1, language: "zh", alertTypes: ["vul"]) },
            reportedTotal: ids.count, completedAt: Date(timeIntervalSince1970: 1_795_600_800))
    }

    @Test("each cached section is deflated once, ending byte-aligned but not final; the OpenMetrics section leaves # EOF to the live part")
    func renderedForms() throws {
        let text = SnapshotRenderer().render([RenderTests.prod, RenderTests.intl])
        let rendered = RenderedSnapshot(text: text)
        #expect(Array(buffer: rendered.plain) == text)
        let openMetrics = String(buffer: rendered.openMetrics)
        #expect(openMetrics.hasPrefix("# HELP aliyun_sas_dingtalk_notifications "))
        #expect(!openMetrics.contains("# EOF"))
        // Gauges only, no `"` in HELP: the two formats are the same bytes, kept once.
        #expect(rendered.openMetrics == rendered.plain)
        for format in [ExpositionFormat.prometheusText, .openMetrics] {
            let section = try #require(rendered.deflatedSection(format))
            #expect(section.length == rendered.section(format).readableBytes)
            // A sync flush ends with an empty stored block: 00 00 ff ff.
            #expect(Array(buffer: section.blocks).suffix(4) == [0x00, 0x00, 0xff, 0xff])
        }
    }

    /// Both formats of scrape, each with each decoder.
    static let gzipCases: [(accept: String, tail: String, decoder: GzipDecoder)] = GzipDecoder.allCases.flatMap { decoder in
        [("text/plain", "# HELP aliyun_sas_dingtalk_up", decoder), ("application/openmetrics-text;version=1.0.0", "# EOF\n", decoder)]
    }

    @Test("a gzip scrape is one member that decodes completely to the plain scrape", arguments: gzipCases)
    func gzipOneMember(accept: String, tail: String, decoder: GzipDecoder) async throws {
        try await ExporterHarness.withExporter(dataSet: .generate(count: 30, seed: 11)) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let (_, plain, _) = try await ExporterHarness.get(exporter, "/metrics", headers: [.accept: accept])
            let (_, compressed, headers) = try await ExporterHarness.getBytes(exporter, "/metrics", headers: [.accept: accept, .acceptEncoding: "gzip"])
            #expect(headers[.contentEncoding] == "gzip")
            let unzipped = String(decoding: try await decoder.decode(compressed), as: UTF8.self)
            #expect(GoldenOutputTests.normalise(unzipped) == GoldenOutputTests.normalise(plain))
            #expect(unzipped.contains("aliyun_sas_dingtalk_notification_info{"))
            #expect(unzipped.contains(tail))
            #expect(unzipped.components(separatedBy: "# EOF").count <= 2)
        }
    }

    @Test("AsyncHTTPClient's own decompression reads the whole gzip scrape", .timeLimit(.minutes(1)))
    func gzipAsyncHTTPClient() async throws {
        try await ExporterHarness.withExporter(
            dataSet: .generate(count: 30, seed: 12),
            configure: { $0.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)] }
        ) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            try await ExporterHarness.withLiveServer(exporter) { port in
                var configuration = HTTPClient.Configuration()
                configuration.decompression = .enabled(limit: .none)
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                do {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics")
                    let plain = String(buffer: try await client.execute(request, timeout: .seconds(30)).body.collect(upTo: 1 << 24))
                    request.headers.add(name: "Accept-Encoding", value: "gzip")
                    let response = try await client.execute(request, timeout: .seconds(30))
                    #expect(response.headers.first(name: "Content-Encoding") == "gzip")
                    let unzipped = String(buffer: try await response.body.collect(upTo: 1 << 24))
                    #expect(unzipped.contains("aliyun_sas_dingtalk_notification_info{"))
                    #expect(GoldenOutputTests.normalise(unzipped) == GoldenOutputTests.normalise(plain))
                } catch {
                    try await client.shutdown()
                    throw error
                }
                try await client.shutdown()
            }
        }
    }

    @Test("before the first poll a gzip scrape is the live part alone, still one member", arguments: GzipDecoder.allCases)
    func gzipBeforeFirstPoll(decoder: GzipDecoder) async throws {
        try await ExporterHarness.withExporter(dataSet: .generate(count: 5, seed: 3)) { _, exporter in
            let (_, plain, _) = try await ExporterHarness.get(exporter, "/metrics")
            let (status, compressed, headers) = try await ExporterHarness.getBytes(exporter, "/metrics", headers: [.acceptEncoding: "gzip"])
            #expect(status == .ok)
            #expect(headers[.contentEncoding] == "gzip")
            let unzipped = String(decoding: try await decoder.decode(compressed), as: UTF8.self)
            #expect(!plain.isEmpty)
            #expect(!unzipped.contains("aliyun_sas_dingtalk_notification_info{"))
            #expect(GoldenOutputTests.normalise(unzipped) == GoldenOutputTests.normalise(plain))
        }
    }

    @Test("publications racing each other leave the newest rendering in place", .timeLimit(.minutes(1)))
    func racingPublications() async {
        let state = ExporterState(accounts: Self.accounts, renderer: SnapshotRenderer())
        await withTaskGroup(of: Void.self) { group in
            for (index, account) in Self.accounts.enumerated() {
                group.addTask { state.publish(Self.snapshot(account.name, ids: 1...(50 + index)), duration: .seconds(1)) }
            }
        }
        let text = String(buffer: state.rendered.plain)
        for (index, account) in Self.accounts.enumerated() {
            #expect(text.contains(#"aliyun_sas_dingtalk_notifications{account="\#(account.name)"} \#(50 + index).0"#))
        }
    }

    @Test("a new poll of an account replaces its cached section")
    func republish() {
        let state = ExporterState(accounts: Array(Self.accounts.prefix(1)), renderer: SnapshotRenderer())
        #expect(state.rendered.plain.readableBytes == 0)
        state.publish(Self.snapshot("account-0", ids: 1...3), duration: .seconds(1))
        state.publish(Self.snapshot("account-0", ids: 1...2), duration: .seconds(1))
        let text = String(buffer: state.rendered.plain)
        #expect(text.contains(#"aliyun_sas_dingtalk_notifications{account="account-0"} 2.0"#))
        #expect(!text.contains(#"id="3""#))
    }

    /// Found by the benchmark: with 10,000 notifications /-/ready answered
    /// 200 while the first poll's rendering was still being built, and the
    /// scrape right after it had no notification series. Whenever the state
    /// says ready, the rendered section must already hold the account.
    @Test("ready only once the first poll's data is served", .timeLimit(.minutes(1)))
    func readyImpliesServed() {
        let state = ExporterState(accounts: Array(Self.accounts.prefix(1)), renderer: SnapshotRenderer())
        let marker = #"aliyun_sas_dingtalk_notifications{account="account-0"} 5000.0"#
        let finished = DispatchGroup()
        // The poller's side on a thread of its own, so this one can watch
        // readiness the whole time the render runs.
        DispatchQueue.global().async(group: finished) {
            state.publish(Self.snapshot("account-0", ids: 1...5000), duration: .seconds(1))
        }
        var checks = 0
        while !state.isReady { checks += 1 }
        #expect(String(buffer: state.rendered.plain).contains(marker))
        #expect(checks > 0)
        finished.wait()
    }
}
