import AsyncHTTPClient
import CompressNIO
import DingTalkExporter
import ExporterWeb
import Foundation
import NIOCore
import NIOHTTP1
import SecurityCenterSimulator
import Testing
import WebTestSupport

/// The exporter's HTTP behaviour over a real socket (DESIGN section 6), with
/// a real client, not through the router in memory.
@Suite("The exporter's HTTP over a live socket", .serialized, .timeLimit(.minutes(1)))
struct LiveHTTPTests {
    static let dataSet = SimulatorDataSet.generate(count: 12, seed: 7)

    static func withLive(
        disableExporterMetrics: Bool = false, web: WebConfigStore? = nil,
        _ body: @Sendable (Exporter, Int) async throws -> Void
    ) async throws {
        try await ExporterHarness.withExporter(
            dataSet: dataSet,
            configure: { config in
                config.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
                config.disableExporterMetrics = disableExporterMetrics
            },
            web: web
        ) { _, exporter in
            // A poll can time out on a loaded machine (2 s, no retries): poll until one succeeds.
            while !(await exporter.pollers[0].pollOnce()) {}
            try await ExporterHarness.withLiveServer(exporter) { port in try await body(exporter, port) }
        }
    }

    struct Route: Sendable, CustomTestStringConvertible {
        var method: HTTPMethod
        var path: String
        var status: Int
        var contentType: String?
        var testDescription: String { "\(method) \(path) -> \(status)" }
    }

    static let routes: [Route] = [
        .init(method: .GET, path: "/metrics", status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8"),
        .init(method: .GET, path: "/", status: 200, contentType: "text/html; charset=utf-8"),
        .init(method: .GET, path: "/-/healthy", status: 200, contentType: "text/plain; charset=utf-8"),
        .init(method: .GET, path: "/-/ready", status: 200, contentType: "text/plain; charset=utf-8"),
        .init(method: .GET, path: "/no/such/path", status: 404, contentType: nil),
        .init(method: .POST, path: "/metrics", status: 405, contentType: "text/plain; charset=utf-8"),
        .init(method: .DELETE, path: "/-/healthy", status: 405, contentType: "text/plain; charset=utf-8"),
    ]

    @Test("every route answers with its status and content type", arguments: routes)
    func route(_ route: Route) async throws {
        try await Self.withLive { _, port async throws in
            try await WebTestClient.withClient(trusting: nil) { client async throws in
                let answer = try await WebTestClient.get(client, "http://127.0.0.1:\(port)\(route.path)", method: route.method)
                #expect(answer.status == route.status)
                if let contentType = route.contentType { #expect(answer.headers.first(name: "Content-Type") == contentType) }
                if route.status == 405 { #expect(answer.headers.first(name: "Allow") == "GET, HEAD") }
            }
        }
    }

    @Test("gzip when asked, plain when gzip;q=0, OpenMetrics when preferred")
    func negotiation() async throws {
        try await Self.withLive { _, port async throws in
            try await WebTestClient.withClient(trusting: nil) { client async throws in
                let url = "http://127.0.0.1:\(port)/metrics"
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "Accept-Encoding", value: "gzip")
                let response = try await client.execute(request, timeout: .seconds(30))
                #expect(response.headers.first(name: "Content-Encoding") == "gzip")
                var compressed = try await response.body.collect(upTo: 1 << 24)
                let text = String(buffer: try compressed.decompress(with: .gzip()))
                #expect(text.contains("aliyun_sas_dingtalk_up{account=\"default\"} 1"))

                let refused = try await WebTestClient.get(client, url, headers: [("Accept-Encoding", "gzip;q=0")])
                #expect(refused.headers.first(name: "Content-Encoding") == nil)
                #expect(refused.body.contains("aliyun_sas_dingtalk_up{account=\"default\"} 1"))

                let openMetrics = try await WebTestClient.get(
                    client, url, headers: [("Accept", "application/openmetrics-text;version=1.0.0;q=0.9,text/plain;q=0.5")])
                #expect(openMetrics.headers.first(name: "Content-Type") == "application/openmetrics-text; version=1.0.0; charset=utf-8")
                #expect(openMetrics.body.hasSuffix("# EOF\n"))
            }
        }
    }

    // HEAD on every route is checked byte for byte on the wire in HeadRequestTests
    // (AsyncHTTPClient reports a chunked, body-less HEAD answer as truncated).

    @Test("HTTP request metrics by known route or other, and by code")
    func requestMetrics() async throws {
        try await Self.withLive { _, port async throws in
            try await WebTestClient.withClient(trusting: nil) { client async throws in
                let base = "http://127.0.0.1:\(port)"
                #expect(try await WebTestClient.get(client, "\(base)/-/healthy").status == 200)
                #expect(try await WebTestClient.get(client, "\(base)/random-\(UUID().uuidString)").status == 404)
                #expect(try await WebTestClient.get(client, "\(base)/metrics").status == 200)
                let body = try await WebTestClient.get(client, "\(base)/metrics").body
                let metrics = try Exposition(parsing: body)
                #expect(metrics.value("aliyun_sas_dingtalk_http_requests_total", ["path": "/-/healthy", "code": "200"]) == 1)
                #expect(metrics.value("aliyun_sas_dingtalk_http_requests_total", ["path": "other", "code": "404"]) == 1)
                // The first scrape is counted once its body is written, so the second sees it.
                #expect(metrics.value("aliyun_sas_dingtalk_http_requests_total", ["path": "/metrics", "code": "200"]) == 1)
                #expect(metrics.value("aliyun_sas_dingtalk_http_request_duration_seconds_count", ["path": "/-/healthy"]) == 1)
                #expect(!body.contains("random-"))
            }
        }
    }

    @Test("--web.disable-exporter-metrics drops the HTTP request metrics")
    func disabled() async throws {
        try await Self.withLive(disableExporterMetrics: true) { _, port async throws in
            try await WebTestClient.withClient(trusting: nil) { client async throws in
                _ = try await WebTestClient.get(client, "http://127.0.0.1:\(port)/-/healthy")
                let body = try await WebTestClient.get(client, "http://127.0.0.1:\(port)/metrics").body
                #expect(body.contains("aliyun_sas_dingtalk_up"))
                #expect(!body.contains("aliyun_sas_dingtalk_http_request"))
            }
        }
    }

    @Test("over TLS with basic auth: 401 without credentials, metrics with them, health open")
    func tlsAndAuth() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let web = try PrometheusTLSTests.webConfig(certs, password: "scrape-pass")
        try await Self.withLive(web: web) { _, port async throws in
            try await WebTestClient.withClient(trusting: certs.ca) { client async throws in
                let base = "https://localhost:\(port)"
                #expect(try await WebTestClient.get(client, "\(base)/metrics").status == 401)
                #expect(try await WebTestClient.get(client, "\(base)/-/healthy").status == 200)
                let answer = try await WebTestClient.get(client, "\(base)/metrics", headers: [WebTestClient.basic("prometheus", "scrape-pass")])
                #expect(answer.status == 200)
                #expect(answer.body.contains("aliyun_sas_dingtalk_up{account=\"default\"} 1"))
                #expect(answer.headers.first(name: "X-Content-Type-Options") == "nosniff")
            }
        }
    }
}
