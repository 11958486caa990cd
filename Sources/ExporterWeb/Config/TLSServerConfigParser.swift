import Foundation
import Yams

/// `tls_server_config` with the toolkit's rules (web/tls_config.go): TLS is on
/// when any certificate, key, client CA or client auth field is set; then a
/// certificate and a key are required, a client CA needs a client auth type
/// other than NoClientCert, and names of versions, ciphers and curves must be
/// known. Relative paths are taken from the config file's directory.
struct TLSServerConfigParser {
    let reader: NodeReader
    let directory: String

    static let keys: Set<String> = [
        "cert", "key", "client_ca", "cert_file", "key_file", "client_ca_file", "client_auth_type",
        "cipher_suites", "curve_preferences", "min_version", "max_version", "prefer_server_cipher_suites",
        "client_allowed_sans",
    ]

    /// nil when the section configures no TLS at all (empty).
    func parse(_ node: Node) throws(WebConfigError) -> TLSServerConfig? {
        let fields = try reader.mapping(node, allowed: Self.keys)
        if fields.isEmpty { return nil }
        let certificate = try source(fields, file: "cert_file", inline: "cert")
        let key = try source(fields, file: "key_file", inline: "key")
        guard let certificate else { throw reader.error(node, "tls_server_config: missing one of cert or cert_file") }
        guard let key else { throw reader.error(node, "tls_server_config: missing one of key or key_file") }
        var config = TLSServerConfig(certificate: certificate, privateKey: key)
        config.clientCA = try source(fields, file: "client_ca_file", inline: "client_ca")
        if let value = fields["client_auth_type"] {
            let name = try reader.string(value)
            guard let type = ClientAuthType(configValue: name) else {
                let known = ClientAuthType.allCases.map(\.rawValue).joined(separator: ", ")
                throw reader.error(value, "invalid client_auth_type \"\(name)\" (one of \(known))")
            }
            config.clientAuthType = type
        }
        if config.clientCA != nil, config.clientAuthType == .noClientCert {
            throw reader.error(fields["client_ca_file"] ?? fields["client_ca"] ?? node, "client CA's have been configured without a Client Auth Policy (client_auth_type)")
        }
        if let value = fields["min_version"] { config.minVersion = try version(value) }
        if let value = fields["max_version"] { config.maxVersion = try version(value) }
        if config.minVersion > config.maxVersion {
            throw reader.error(fields["min_version"] ?? node, "min_version \(config.minVersion.rawValue) is above max_version \(config.maxVersion.rawValue)")
        }
        if let value = fields["cipher_suites"] {
            for name in try reader.stringList(value) {
                guard TLSNames.ciphers[name.value] != nil else { throw reader.error(name.node, "unknown cipher: \(name.value)") }
                config.cipherSuites.append(name.value)
            }
        }
        if let value = fields["curve_preferences"] {
            for name in try reader.stringList(value) {
                guard TLSNames.curves[name.value] != nil else { throw reader.error(name.node, "unknown curve: \(name.value)") }
                config.curvePreferences.append(name.value)
            }
        }
        if let value = fields["prefer_server_cipher_suites"] {
            // Accepted for compatibility; BoringSSL, like Go since 1.17, picks the order itself.
            _ = try reader.bool(value)
        }
        if let value = fields["client_allowed_sans"] {
            config.clientAllowedSANs = try reader.stringList(value).map(\.value)
        }
        return config
    }

    private func version(_ node: Node) throws(WebConfigError) -> TLSProtocolVersion {
        let name = try reader.string(node)
        guard let version = TLSProtocolVersion(rawValue: name) else {
            throw reader.error(node, "unknown TLS version: \(name) (TLS10, TLS11, TLS12 or TLS13)")
        }
        return version
    }

    /// The file wins over inline text when both are there, as in the toolkit.
    private func source(_ fields: [String: Node], file: String, inline: String) throws(WebConfigError) -> PEMSource? {
        if let node = fields[file] {
            let path = try reader.string(node)
            if !path.isEmpty { return .file(resolve(path)) }
        }
        if let node = fields[inline] {
            let text = try reader.string(node)
            if !text.isEmpty { return .inline(text) }
        }
        return nil
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: directory).appendingPathComponent(path).path
    }
}
