@testable import DingTalkExporter
import CompressNIO
import NIOCore
import Foundation
import HTTPTypes
import SecurityCenterSimulator
import Testing

@Suite("HTTP routes")
struct HTTPRoutesTests {
    static let dataSet = SimulatorDataSet.generate(count: 5, seed: 3)

    @Test("paths answer with the right status", arguments: [
        ("/-/healthy", HTTPRequest.Method.get, 200),
        ("/nope", .get, 404),
        ("/metrics/extra", .get, 404),
        ("/metrics", .post, 405),
        ("/", .delete, 405),
        ("/-/healthy", .put, 405),
    ])
    func statuses(path: String, method: HTTPRequest.Method, status: Int) async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { _, exporter in
            let (actual, _, headers) = try await ExporterHarness.get(exporter, path, method: method)
            #expect(actual.code == status)
            if status == 405 {
                #expect(headers[.allow]?.contains("GET") == true)
            }
        }
    }

    @Test("/metrics has the text-format content type, and a scrape never calls the API")
    func metricsContentTypeAndNoAPICall() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { simulator, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let requestsAfterPoll = simulator.requestCount
            for _ in 0..<3 {
                let (status, _, headers) = try await ExporterHarness.get(exporter, "/metrics")
                #expect(status == .ok)
                #expect(headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            }
            #expect(simulator.requestCount == requestsAfterPoll)
        }
    }

    @Test("/-/ready is 503 before the first poll and 200 after it, even a failed one")
    func readiness() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { simulator, exporter in
            let before = try await ExporterHarness.get(exporter, "/-/ready").0
            #expect(before == .serviceUnavailable)
            simulator.inject(.noPermission, times: 5)
            #expect(await exporter.pollers[0].pollOnce() == false)
            let after = try await ExporterHarness.get(exporter, "/-/ready").0
            #expect(after == .ok)
        }
    }

    @Test("a custom telemetry path serves metrics there and 404 at /metrics")
    func customTelemetryPath() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet, configure: { $0.telemetryPath = "/probe" }) { _, exporter in
            let probe = try await ExporterHarness.get(exporter, "/probe").0
            let metrics = try await ExporterHarness.get(exporter, "/metrics").0
            #expect(probe == .ok)
            #expect(metrics == .notFound)
        }
    }

    @Test("the landing page shows version, accounts, last error, and escapes everything")
    func landingPage() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet, configure: { $0.accounts[0].name = "<script>alert(1)</script>" }) { simulator, exporter in
            simulator.inject(.noPermission, times: 5)
            #expect(await exporter.pollers[0].pollOnce() == false)
            let (status, body, headers) = try await ExporterHarness.get(exporter, "/")
            #expect(status == .ok)
            #expect(headers[.contentType] == "text/html; charset=utf-8")
            #expect(body.contains(BuildInfo.currentVersion))
            #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!body.contains("<script>"))
            #expect(body.contains("NoPermission"))
            #expect(body.contains("href=\"/metrics\""))
        }
    }
}

@Suite("Scrape compression")
struct ScrapeCompressionTests {
    @Test("Accept-Encoding negotiation", arguments: [
        ("gzip", true), ("gzip, deflate, br", true), ("deflate, gzip;q=0.5", true), ("*", true), ("GZIP", true),
        ("gzip;q=0", false), ("identity", false), ("", false), ("br", false),
    ])
    func negotiation(header: String, gzip: Bool) {
        #expect(ContentEncoding.acceptsGzip(header) == gzip)
    }

    @Test("/metrics is gzipped when asked, and unzips to the plain scrape")
    func gzipScrape() async throws {
        try await ExporterHarness.withExporter(dataSet: .generate(count: 50, seed: 5)) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let (_, plain, plainHeaders) = try await ExporterHarness.get(exporter, "/metrics")
            #expect(plainHeaders[.contentEncoding] == nil)
            let (status, compressed, headers) = try await ExporterHarness.getBytes(exporter, "/metrics", headers: [.acceptEncoding: "gzip"])
            #expect(status == .ok)
            #expect(headers[.contentEncoding] == "gzip")
            #expect(headers[.vary] == "Accept, Accept-Encoding")
            #expect(compressed.readableBytes < plain.utf8.count / 3)
            let unzipped = String(decoding: try await GzipDecoder.compressNIO.decode(compressed), as: UTF8.self)
            // The histogram's timing values may differ between two scrapes; everything else may not.
            #expect(GoldenOutputTests.normalise(unzipped) == GoldenOutputTests.normalise(plain))
        }
    }
}
