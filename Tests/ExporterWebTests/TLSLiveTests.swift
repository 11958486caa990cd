import AsyncHTTPClient
import ExporterWeb
import NIOSSL
import Testing
import WebTestSupport

/// TLS and client certificates over a real socket, with AsyncHTTPClient.
@Suite("TLS over a live socket", .timeLimit(.minutes(1)))
struct TLSLiveTests {
    @Test("TLS 1.2 and TLS 1.3 are both served by default", arguments: [TLSVersion.tlsv12, .tlsv13])
    func versions(version: TLSVersion) async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML())
        try await WebTestServer.withServer(store: store) { port async throws in
            try await WebTestClient.withClient(trusting: certs.ca, only: version) { client async throws in
                let answer = try await WebTestClient.get(client, "https://localhost:\(port)/metrics")
                #expect(answer.status == 200)
                #expect(answer.body == "metric_a 1\n")
            }
        }
    }

    @Test("a client below min_version is refused, one at it is served")
    func minVersion() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML("  min_version: TLS13\n"))
        try await WebTestServer.withServer(store: store) { port async throws in
            await #expect(throws: (any Error).self) {
                try await WebTestClient.withClient(trusting: certs.ca, only: .tlsv12) { client async throws in
                    _ = try await WebTestClient.get(client, "https://localhost:\(port)/metrics")
                }
            }
            try await WebTestClient.withClient(trusting: certs.ca, only: .tlsv13) { client async throws in
                #expect(try await WebTestClient.get(client, "https://localhost:\(port)/metrics").status == 200)
            }
        }
    }

    @Test("plain HTTP to a TLS port gets no answer")
    func plainToTLS() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML())
        try await WebTestServer.withServer(store: store) { port async throws in
            await #expect(throws: (any Error).self) {
                try await WebTestClient.withClient(trusting: nil) { client async throws in
                    _ = try await WebTestClient.get(client, "http://localhost:\(port)/metrics")
                }
            }
        }
    }

    enum Presented: String, CaseIterable, Sendable { case none, valid, otherCA }

    struct Case: Sendable, CustomTestStringConvertible {
        var authType: String
        var presented: Presented
        var served: Bool
        var testDescription: String { "\(authType) with \(presented) certificate: \(served ? "served" : "refused")" }
    }

    static let cases: [Case] = [
        .init(authType: "RequireAndVerifyClientCert", presented: .valid, served: true),
        .init(authType: "RequireAndVerifyClientCert", presented: .none, served: false),
        .init(authType: "RequireAndVerifyClientCert", presented: .otherCA, served: false),
        .init(authType: "VerifyClientCertIfGiven", presented: .none, served: true),
        .init(authType: "VerifyClientCertIfGiven", presented: .valid, served: true),
        .init(authType: "VerifyClientCertIfGiven", presented: .otherCA, served: false),
        .init(authType: "RequireAnyClientCert", presented: .otherCA, served: true),
        .init(authType: "RequireAnyClientCert", presented: .none, served: false),
        .init(authType: "RequestClientCert", presented: .none, served: true),
        .init(authType: "RequestClientCert", presented: .otherCA, served: true),
    ]

    @Test("client_auth_type as in Go's crypto/tls", arguments: cases)
    func clientAuth(_ c: Case) async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML("  client_ca_file: ca.crt\n  client_auth_type: \(c.authType)\n"))
        let identity: TestCertificates.Issued? = switch c.presented {
        case .none: nil
        case .valid: certs.client
        case .otherCA: certs.otherClient
        }
        try await WebTestServer.withServer(store: store) { port async throws in
            let outcome = await outcome(of: {
                try await WebTestClient.withClient(trusting: certs.ca, presenting: identity) { client async throws in
                    try await WebTestClient.get(client, "https://localhost:\(port)/metrics").status
                }
            })
            if c.served {
                #expect(try outcome.get() == 200)
            } else {
                #expect(throws: (any Error).self) { try outcome.get() }
            }
        }
    }

    @Test("client_allowed_sans: a certificate naming an allowed SAN is served, another is refused", arguments: [
        (["scraper.example"], true), (["someone.else"], false),
    ])
    func allowedSANs(sans: [String], served: Bool) async throws {
        let certs = try TestCertificates(clientSANs: sans)
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML(
            "  client_ca_file: ca.crt\n  client_auth_type: RequireAndVerifyClientCert\n  client_allowed_sans: [scraper.example]\n"))
        try await WebTestServer.withServer(store: store) { port async throws in
            let outcome = await outcome(of: {
                try await WebTestClient.withClient(trusting: certs.ca, presenting: certs.client) { client async throws in
                    try await WebTestClient.get(client, "https://localhost:\(port)/metrics").status
                }
            })
            if served {
                #expect(try outcome.get() == 200)
            } else {
                #expect(throws: (any Error).self) { try outcome.get() }
            }
        }
    }
}

/// What `body` returned or threw.
func outcome<T>(of body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}
