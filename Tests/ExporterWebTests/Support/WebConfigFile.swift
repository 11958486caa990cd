import ExporterWeb
import Foundation
import WebTestSupport

extension TestCertificates {
    /// Writes `yaml` as web.yml beside the certificates and loads it.
    func store(_ yaml: String, file: String = "web.yml") throws -> WebConfigStore {
        try WebConfigStore(path: write(yaml, to: file), logger: WebTestServer.quiet)
    }

    /// A `tls_server_config` with the server certificate and `extra` lines.
    func tlsYAML(_ extra: String = "") -> String {
        "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n" + extra
    }
}
