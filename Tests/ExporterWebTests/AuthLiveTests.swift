import AsyncHTTPClient
import ExporterWeb
import HummingbirdBcrypt
import Testing
import WebTestSupport

@testable import ExporterWeb

/// Basic auth and configured headers over a real socket (TLS, as users run it).
@Suite("Basic auth and headers over a live socket", .timeLimit(.minutes(1)))
struct AuthLiveTests {
    /// `$2y$` as htpasswd writes it, cost 4 to keep the tests quick.
    static let hash = "$2y$" + String(Bcrypt.hash("s3cret", cost: 4).dropFirst(4))

    static func yaml(_ certs: TestCertificates) -> String {
        certs.tlsYAML() + """
            basic_auth_users:
              prometheus: "\(hash)"
            http_server_config:
              headers:
                X-Frame-Options: deny
                X-Content-Type-Options: nosniff
                Strict-Transport-Security: max-age=63072000

            """
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var credentials: (String, String)?
        var status: Int
        var testDescription: String { "\(name) on \(path): \(status)" }
    }

    static let cases: [Case] = [
        .init(name: "right password", path: "/metrics", credentials: ("prometheus", "s3cret"), status: 200),
        .init(name: "wrong password", path: "/metrics", credentials: ("prometheus", "wrong"), status: 401),
        .init(name: "unknown user", path: "/metrics", credentials: ("mallory", "s3cret"), status: 401),
        .init(name: "no credentials", path: "/metrics", credentials: nil, status: 401),
        .init(name: "no credentials", path: "/-/healthy", credentials: nil, status: 200),
        .init(name: "no credentials, unknown path", path: "/nowhere", credentials: nil, status: 401),
        .init(name: "right password, unknown path", path: "/nowhere", credentials: ("prometheus", "s3cret"), status: 404),
    ]

    @Test("passwords, users and the unauthenticated health check", arguments: cases)
    func credentials(_ c: Case) async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(Self.yaml(certs))
        try await WebTestServer.withServer(store: store) { port async throws in
            try await WebTestClient.withClient(trusting: certs.ca) { client async throws in
                let headers = c.credentials.map { [WebTestClient.basic($0.0, $0.1)] } ?? []
                let answer = try await WebTestClient.get(client, "https://localhost:\(port)\(c.path)", headers: headers)
                #expect(answer.status == c.status)
                #expect(answer.headers.first(name: "WWW-Authenticate") == (c.status == 401 ? "Basic" : nil))
                // The configured headers are on every answer, refusals included.
                #expect(answer.headers.first(name: "X-Frame-Options") == "deny")
                #expect(answer.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(answer.headers.first(name: "Strict-Transport-Security") == "max-age=63072000")
            }
        }
    }

    @Test("a verified password is cached; an unknown user goes through bcrypt with the dummy hash and is refused")
    func cache() async throws {
        let verifier = BasicAuthVerifier()
        let users = ["prometheus": Self.hash]
        #expect(await verifier.verify(user: "prometheus", password: "s3cret", users: users))
        #expect(verifier.cachedCount == 1)
        #expect(await verifier.verify(user: "prometheus", password: "s3cret", users: users))
        #expect(verifier.cachedCount == 1)
        // The dummy hash is "fakepassword": an unknown user with it must still fail.
        #expect(!(await verifier.verify(user: "mallory", password: "fakepassword", users: users)))
        #expect(verifier.cachedCount == 2)
        #expect(!(await verifier.verify(user: "prometheus", password: "fakepassword", users: users)))
        #expect(BcryptHash.verify("fakepassword", hash: BasicAuthVerifier.dummyHash))
    }

    @Test("the cache stays bounded")
    func cacheBound() async throws {
        let verifier = BasicAuthVerifier()
        let users = ["u": "$2b$04$" + String(Bcrypt.hash("x", cost: 4).dropFirst(7))]
        for attempt in 0..<(BasicAuthVerifier.capacity + 20) {
            _ = await verifier.verify(user: "u", password: "guess-\(attempt)", users: users)
        }
        #expect(verifier.cachedCount <= BasicAuthVerifier.capacity)
        #expect(verifier.cachedCount > BasicAuthVerifier.capacity / 2)
    }
}
