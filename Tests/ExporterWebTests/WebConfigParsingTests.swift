import Foundation
import HummingbirdBcrypt
import Testing

@testable import ExporterWeb

/// The file format, read strictly: what loads, and every refusal naming file, line and column.
@Suite("Web config file")
struct WebConfigParsingTests {
    static let hash = "$2b$04$" + String(repeating: "a", count: 53)

    @Test("a complete file loads with the toolkit's defaults and paths relative to the file")
    func completeFile() throws {
        let yaml = """
            tls_server_config:
              cert_file: server.crt
              key_file: /abs/server.key
              client_ca_file: ca.crt
              client_auth_type: RequireAndVerifyClientCert
              min_version: TLS13
              cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]
              curve_preferences: [X25519, CurveP256]
              prefer_server_cipher_suites: true
              client_allowed_sans: [scraper.example]
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: deny
                Strict-Transport-Security: max-age=31536000
            basic_auth_users:
              prometheus: "\(Self.hash)"
            """
        let config = try WebConfigParser.parse(yaml, file: "/etc/exporter/web.yml")
        let tls = try #require(config.tlsServerConfig)
        #expect(tls.certificate == .file("/etc/exporter/server.crt"))
        #expect(tls.privateKey == .file("/abs/server.key"))
        #expect(tls.clientCA == .file("/etc/exporter/ca.crt"))
        #expect(tls.clientAuthType == .requireAndVerifyClientCert)
        #expect(tls.minVersion == .tls13)
        #expect(tls.maxVersion == .tls13)
        #expect(tls.cipherSuites == ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"])
        #expect(tls.curvePreferences == ["X25519", "CurveP256"])
        #expect(tls.clientAllowedSANs == ["scraper.example"])
        #expect(config.http2 == false)
        #expect(config.headers == ["X-Frame-Options": "deny", "Strict-Transport-Security": "max-age=31536000"])
        #expect(config.basicAuthUsers == ["prometheus": Self.hash])
    }

    @Test("an empty file, a null document and an empty TLS section mean plain HTTP", arguments: ["", "# nothing\n", "tls_server_config:\n", "tls_server_config: {}\n"])
    func emptyMeansPlain(yaml: String) throws {
        let config = try WebConfigParser.parse(yaml, file: "web.yml")
        #expect(config.tlsServerConfig == nil)
        #expect(config.basicAuthUsers.isEmpty)
    }

    @Test("inline cert and key are accepted; the file wins when both are given")
    func inlineSources() throws {
        let yaml = "tls_server_config:\n  cert: |\n    PEM\n  key: SECRET-KEY\n  cert_file: a.crt\n"
        let tls = try #require(try WebConfigParser.parse(yaml, file: "/d/web.yml").tlsServerConfig)
        #expect(tls.certificate == .file("/d/a.crt"))
        #expect(tls.privateKey == .inline("SECRET-KEY"))
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var yaml: String
        var line: Int?
        var column: Int?
        var says: String
        var testDescription: String { says }
    }

    static let refusals: [Refusal] = [
        .init(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  bogus: 1\n", line: 4, column: 3, says: "unknown key \"bogus\""),
        .init(yaml: "basic_auth_users: {}\nfoo: 1\n", line: 2, column: 1, says: "unknown key \"foo\""),
        .init(yaml: "http_server_config:\n  headers:\n    Server: x\n", line: 3, column: 5, says: "HTTP header \"Server\" can not be configured"),
        .init(yaml: "http_server_config:\n  headers:\n    X-Frame-Options: allow\n", line: 3, column: 5, says: "invalid value for X-Frame-Options"),
        .init(yaml: "http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n", line: 3, column: 5, says: "invalid value for X-Content-Type-Options"),
        .init(yaml: "basic_auth_users:\n  alice: plaintext\n", line: 2, column: 10, says: "user \"alice\" is not a bcrypt hash"),
        .init(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n", line: 4, column: 21, says: "invalid client_auth_type \"Sometimes\""),
        .init(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n", line: 4, column: 19, says: "without a Client Auth Policy"),
        .init(yaml: "tls_server_config:\n  cert_file: a\n", line: 2, column: 3, says: "missing one of key or key_file"),
        .init(yaml: "tls_server_config:\n  key_file: a\n", line: 2, column: 3, says: "missing one of cert or cert_file"),
        .init(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n", line: 4, column: 16, says: "unknown TLS version: TLS14"),
        .init(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n", line: 4, column: 16, says: "above max_version"),
        .init(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [TLS_MADE_UP]\n", line: 4, column: 19, says: "unknown cipher: TLS_MADE_UP"),
        .init(yaml: "tls_server_config:\n  cert_file: a\n  key_file: b\n  curve_preferences: [P999]\n", line: 4, column: 23, says: "unknown curve: P999"),
        .init(yaml: "rate_limit:\n  burst: 1\n", line: 2, column: 3, says: "rate_limit is not supported"),
        .init(yaml: "http_server_config:\n  http2: maybe\n", line: 2, column: 10, says: "expected true or false"),
        .init(yaml: "basic_auth_users: [a, b]\n", line: 1, column: 19, says: "expected a mapping"),
        .init(yaml: "tls_server_config: [\n", line: 2, column: 1, says: "not valid YAML"),
        .init(yaml: "- just\n- a list\n", line: 1, column: 1, says: "expected a mapping"),
    ]

    @Test("a bad file is refused, naming file, line and column", arguments: refusals)
    func refused(_ refusal: Refusal) {
        #expect {
            try WebConfigParser.parse(refusal.yaml, file: "web.yml")
        } throws: { error in
            guard let error = error as? WebConfigError else { return false }
            return error.file == "web.yml" && error.line == refusal.line && error.column == refusal.column
                && error.message.contains(refusal.says)
                && "\(error)".hasPrefix("web config web.yml:\(refusal.line.map(String.init) ?? "")")
        }
    }

    @Test("a duplicate key is refused")
    func duplicateKey() {
        #expect(throws: WebConfigError.self) {
            try WebConfigParser.parse("basic_auth_users:\n  a: x\nbasic_auth_users:\n  b: y\n", file: "web.yml")
        }
    }

    @Test("bcrypt hashes in the forms htpasswd and Go write are accepted", arguments: ["$2a$", "$2b$", "$2y$"])
    func hashForms(prefix: String) throws {
        let hash = prefix + String(Bcrypt.hash("secret", cost: 4).dropFirst(4))
        #expect(BcryptHash.isWellFormed(hash))
        #expect(BcryptHash.verify("secret", hash: hash))
        #expect(!BcryptHash.verify("Secret", hash: hash))
    }

    @Test("neither description nor dump shows an inline key or a password hash")
    func noSecretsShown() throws {
        let yaml = "tls_server_config:\n  cert: CERT-TEXT\n  key: KEY-SECRET-TEXT\nbasic_auth_users:\n  alice: \"\(Self.hash)\"\n"
        let config = try WebConfigParser.parse(yaml, file: "web.yml")
        var dumped = ""
        dump(config, to: &dumped)
        for text in ["\(config)", dumped, String(reflecting: config)] {
            #expect(!text.contains("KEY-SECRET-TEXT"))
            #expect(!text.contains(Self.hash))
            #expect(text.contains("alice"))
        }
    }
}
