import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// HEAD on a live socket answers like GET, without a body.
@Suite("HEAD requests", .serialized)
struct HeadRequestTests {
    static func exchange(_ url: String, method: HTTPMethod, headers: [(String, String)] = []) async throws
        -> (status: UInt, headers: HTTPHeaders, body: ByteBuffer)
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        return (response.status.code, response.headers, try await response.body.collect(upTo: 64 << 20))
    }

    @Test(
        "HEAD on every route: GET's status and headers, no body",
        .timeLimit(.minutes(1)),
        arguments: [
            ("/metrics", [(String, String)]()), ("/metrics", [("Accept-Encoding", "gzip")]),
            ("/metrics", [("Accept", "application/openmetrics-text;version=1.0.0")]),
            ("/", []), ("/-/healthy", []), ("/-/ready", []), ("/no-such-page", []),
        ])
    func head(_ path: String, _ headers: [(String, String)]) async throws {
        let exporter = try ExporterProcess(arguments: ["--demo", "--web.listen-address", "127.0.0.1:0"])
        defer { exporter.stop() }
        let port = try #require(try await exporter.ports(count: 1).first)
        let base = "http://127.0.0.1:\(port)"
        // Wait for the first poll, so /-/ready and /metrics answer in full.
        for _ in 0..<200 {
            if try await Self.exchange(base + "/-/ready", method: .GET).status == 200 { break }
            try await Task.sleep(for: .milliseconds(50))
        }

        // Both requests ask for the same encoding (AsyncHTTPClient may add its own otherwise).
        let asked = headers.contains { $0.0 == "Accept-Encoding" } ? headers : headers + [("Accept-Encoding", "identity")]
        let get = try await Self.exchange(base + path, method: .GET, headers: asked)
        let head = try RawHTTP.exchange(port: port, method: "HEAD", path: path, headers: asked)
        #expect(head.statusLine.hasPrefix("HTTP/1.1 \(get.status) "))
        #expect(head.rest.isEmpty, "HEAD sent a body")
        if get.status != 404 { #expect(get.body.readableBytes > 0) }
        for name in ["Content-Type", "Content-Encoding", "Vary"] {
            #expect(head.headers[name.lowercased()] == get.headers.first(name: name), "\(name)")
        }
        if path == "/metrics" {
            // Nothing was rendered, so no length is claimed.
            #expect(head.headers["content-length"] == nil)
        } else {
            #expect(head.headers["content-length"] == get.headers.first(name: "Content-Length"))
        }
    }
}
