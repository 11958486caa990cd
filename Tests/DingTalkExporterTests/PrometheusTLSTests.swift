import AsyncHTTPClient
import DingTalkExporter
import ExporterWeb
import Foundation
import HummingbirdBcrypt
import Logging
import Testing
import WebTestSupport

/// A real Prometheus (Debian's `prometheus` package) scrapes the exporter over
/// TLS with basic auth, and its own API must report the target `up`. A
/// missing `prometheus` binary fails the test: the test command installs it.
@Suite("Real Prometheus over TLS and basic auth", .timeLimit(.minutes(2)))
struct PrometheusTLSTests {
    /// A web config with the test server certificate, one user and a header.
    static func webConfig(_ certs: TestCertificates, password: String) throws -> WebConfigStore {
        let yaml = """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              min_version: TLS12
            http_server_config:
              headers:
                X-Content-Type-Options: nosniff
            basic_auth_users:
              prometheus: "\(Bcrypt.hash(password, cost: 4))"

            """
        let path = try certs.write(yaml, to: "web-config.yml")
        return try WebConfigStore(path: path, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    @Test("Prometheus scrapes the exporter over TLS with basic auth and reports the target up")
    func prometheusScrapes() async throws {
        guard let prometheus = Promtool.findExecutable("prometheus") ?? ["/usr/bin/prometheus"].first(where: FileManager.default.isExecutableFile) else {
            Issue.record("the prometheus binary is required (Debian package prometheus; scripts/test.sh installs it)")
            return
        }
        let certs = try TestCertificates()
        defer { certs.remove() }
        let web = try Self.webConfig(certs, password: "scrape-pass")
        try await LiveHTTPTests.withLive(web: web) { _, port async throws in
            try certs.write("scrape-pass", to: "password")
            let config = """
                global:
                  scrape_interval: 5s
                  scrape_timeout: 5s
                scrape_configs:
                  - job_name: sas-dingtalk
                    scheme: https
                    basic_auth:
                      username: prometheus
                      password_file: \(certs.path("password"))
                    tls_config:
                      ca_file: \(certs.path("ca.crt"))
                      server_name: localhost
                    static_configs:
                      - targets: ["127.0.0.1:\(port)"]

                """
            try certs.write(config, to: "prometheus.yml")
            let apiPort = try Self.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: prometheus)
            process.arguments = [
                "--config.file=\(certs.path("prometheus.yml"))", "--storage.tsdb.path=\(certs.path("data"))",
                "--web.listen-address=127.0.0.1:\(apiPort)", "--log.level=warn",
            ]
            let log = certs.directory.appendingPathComponent("prometheus.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            defer {
                process.terminate()
                process.waitUntilExit()
            }
            let health = try await Self.waitForTarget(apiPort: apiPort, process: process)
            #expect(health == "up", "prometheus log: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
    }

    /// Polls Prometheus' `/api/v1/targets` until the target has been scraped
    /// (health no longer "unknown"); the suite's time limit bounds it.
    static func waitForTarget(apiPort: Int, process: Process) async throws -> String {
        try await WebTestClient.withClient(trusting: nil) { client async throws in
            while process.isRunning {
                if let answer = try? await WebTestClient.get(client, "http://127.0.0.1:\(apiPort)/api/v1/targets"),
                    let json = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
                    let data = json["data"] as? [String: Any],
                    let active = data["activeTargets"] as? [[String: Any]],
                    let health = active.first?["health"] as? String,
                    health != "unknown"
                {
                    if health == "up" { return health }
                    // A failed scrape may be followed by a good one; report the error if it stays.
                    if let error = active.first?["lastError"] as? String, !error.isEmpty { Issue.record("last scrape error: \(error)") }
                    return health
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            return "prometheus exited with \(process.terminationStatus)"
        }
    }

    /// A port free on 127.0.0.1 at this moment, for Prometheus' own listener.
    static func freePort() throws -> Int {
        let listener = try CommandLineTests.LoopbackListener()
        defer { listener.close() }
        return listener.port
    }
}
