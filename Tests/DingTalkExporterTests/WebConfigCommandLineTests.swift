import Foundation
import Testing
import WebTestSupport

/// `--web.config.file` and `--web.max-requests` on the real executable: a web
/// config that cannot be loaded stops the start with one clear line and exit
/// 1, never a fall-back to plain HTTP.
@Suite("Web flags on the command line", .serialized, .timeLimit(.minutes(1)))
struct WebConfigCommandLineTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String?
        var says: String
        var testDescription: String { name }
    }

    /// Runs the executable on a Dispatch thread: waiting for a child process
    /// must not hold one of the few threads of Swift's cooperative pool.
    static func run(_ arguments: [String]) async throws -> CommandLineTests.Run {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try CommandLineTests.run(arguments) })
            }
        }
    }

    static let cases: [Case] = [
        .init(name: "missing file", yaml: nil, says: "cannot read the file (--web.config.file)"),
        .init(name: "unknown key", yaml: "basic_auth_users: {}\ntls_config: {}\n", says: "web.yml:2:1: unknown key \"tls_config\""),
        .init(name: "missing certificate file", yaml: "tls_server_config:\n  cert_file: absent.crt\n  key_file: absent.key\n", says: "failed to read cert_file"),
        .init(name: "broken YAML", yaml: "tls_server_config: [\n", says: "not valid YAML"),
    ]

    @Test("a web config that cannot be loaded: one line naming the problem, exit 1", arguments: cases)
    func unloadable(_ c: Case) async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let path = try c.yaml.map { try certs.write($0, to: "web.yml") } ?? certs.path("web.yml")
        let result = try await Self.run(["--demo", "--web.listen-address", "127.0.0.1:0", "--web.config.file", path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("sas-dingtalk-exporter: error: web config \(path)"))
        #expect(result.stderr.contains(c.says), "stderr: \(result.stderr)")
    }

    @Test("--web.max-requests below 1 is a bad flag (exit 2)")
    func maxRequests() async throws {
        let result = try await Self.run(["--web.max-requests", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--web.max-requests must be at least 1"))
    }

    @Test("--help lists the web flags")
    func help() async throws {
        let result = try await Self.run(["--help"])
        #expect(result.stdout.contains("--web.config.file"))
        #expect(result.stdout.contains("--web.max-requests"))
    }
}
