import AsyncHTTPClient
import Foundation
import HummingbirdBcrypt
import ServiceLifecycle
import Testing
import WebTestSupport

@testable import ExporterWeb

/// Reloading the web config: by `reload()` (what SIGHUP and POST /-/reload
/// call) and by the file watcher; broken files refused, the old config kept.
@Suite("Web config reload", .timeLimit(.minutes(1)))
struct ReloadLiveTests {
    static func users(_ password: String) -> String {
        "basic_auth_users:\n  prometheus: \"\(Bcrypt.hash(password, cost: 4))\"\n"
    }

    @Test("reload() serves new passwords; a broken file is refused with its error and the old config keeps serving")
    func reloadPasswords() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML() + Self.users("first"))
        try await WebTestServer.withServer(store: store) { port async throws in
            try await WebTestClient.withClient(trusting: certs.ca) { client async throws in
                let url = "https://localhost:\(port)/metrics"
                #expect(try await WebTestClient.get(client, url, headers: [WebTestClient.basic("prometheus", "first")]).status == 200)

                try certs.write(certs.tlsYAML() + Self.users("second"), to: "web.yml")
                try store.reload()
                #expect(try await WebTestClient.get(client, url, headers: [WebTestClient.basic("prometheus", "first")]).status == 401)
                #expect(try await WebTestClient.get(client, url, headers: [WebTestClient.basic("prometheus", "second")]).status == 200)

                try certs.write(certs.tlsYAML() + "basic_auth_users:\n  prometheus: not-a-hash\n", to: "web.yml")
                #expect(throws: WebConfigError.self) { try store.reload() }
                #expect(try await WebTestClient.get(client, url, headers: [WebTestClient.basic("prometheus", "second")]).status == 200)
            }
        }
    }

    @Test("reload() re-reads the certificate: the next handshake uses the new one")
    func reloadCertificate() async throws {
        let first = try TestCertificates()
        let second = try TestCertificates()
        defer { first.remove(); second.remove() }
        let store = try first.store(first.tlsYAML())
        try await WebTestServer.withServer(store: store) { port async throws in
            let url = "https://localhost:\(port)/metrics"
            try await WebTestClient.withClient(trusting: first.ca) { client async throws in
                #expect(try await WebTestClient.get(client, url).status == 200)
            }
            try first.write(second.server.certificatePEM, to: "server.crt")
            try first.write(second.server.keyPEM, to: "server.key")
            try store.reload()
            try await WebTestClient.withClient(trusting: second.ca) { client async throws in
                #expect(try await WebTestClient.get(client, url).status == 200)
            }
            await #expect(throws: (any Error).self) {
                try await WebTestClient.withClient(trusting: first.ca) { client in _ = try await WebTestClient.get(client, url) }
            }
        }
    }

    @Test("a key that does not match the certificate, or a missing file, is refused on reload", arguments: ["mismatch", "missing"])
    func brokenCertificate(kind: String) async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML())
        if kind == "mismatch" {
            try certs.write(certs.client.keyPEM, to: "server.key")
        } else {
            try FileManager.default.removeItem(atPath: certs.path("server.key"))
        }
        #expect(throws: WebConfigError.self) { try store.reload() }
        #expect(store.current.usesTLS)
    }

    @Test("switching TLS off by a reload is refused")
    func tlsToggle() throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(certs.tlsYAML())
        try certs.write(Self.users("x"), to: "web.yml")
        #expect { try store.reload() } throws: { "\($0)".contains("TLS cannot be switched off") }
        #expect(store.current.config.basicAuthUsers.isEmpty)
    }

    @Test("the watcher reloads when the file changes and reports a refused change")
    func watcher() async throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let store = try certs.store(Self.users("first"))
        let (events, continuation) = AsyncStream.makeStream(of: Result<Void, WebConfigError>.self)
        let watcher = WebConfigWatcher(store: store, interval: .milliseconds(20), onReload: { continuation.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await watcher.run() }
            var iterator = events.makeAsyncIterator()
            try certs.write(Self.users("second"), to: "web.yml")
            let reloaded = await iterator.next()
            #expect(reloaded.map { (try? $0.get()) != nil } == true)
            #expect(BcryptHash.verify("second", hash: store.current.config.basicAuthUsers["prometheus"] ?? ""))
            try certs.write("basic_auth_users: [", to: "web.yml")
            let refused = await iterator.next()
            #expect(refused.map { (try? $0.get()) == nil } == true)
            #expect(BcryptHash.verify("second", hash: store.current.config.basicAuthUsers["prometheus"] ?? ""))
            group.cancelAll()
        }
    }

    @Test("validate() checks file and certificates without starting anything")
    func validate() throws {
        let certs = try TestCertificates()
        defer { certs.remove() }
        let good = try certs.write(certs.tlsYAML(), to: "good.yml")
        #expect(try WebConfigStore.validate(path: good).tlsServerConfig != nil)
        let bad = try certs.write("tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n", to: "bad.yml")
        #expect { try WebConfigStore.validate(path: bad) } throws: { "\($0)".contains("failed to read cert_file") }
        #expect(throws: WebConfigError.self) { try WebConfigStore(path: certs.path("absent.yml"), logger: WebTestServer.quiet) }
    }
}
