/// A web config file in exporter-toolkit's format (`--web.config.file`), as
/// node_exporter and every other Go exporter read it. Relative file paths are
/// already resolved against the file's directory.
///
/// `description` and `dump()` never show the inline private key or the
/// password hashes.
public struct WebConfig: Sendable, Equatable {
    /// nil: plain HTTP.
    public var tlsServerConfig: TLSServerConfig?
    /// `http_server_config.headers`: set on every response.
    public var headers: [String: String]
    /// `http_server_config.http2`: accepted for compatibility; this server speaks HTTP/1.1.
    public var http2: Bool
    /// `basic_auth_users`: user name -> bcrypt hash. Empty: no authentication.
    public var basicAuthUsers: [String: String]

    public init(
        tlsServerConfig: TLSServerConfig? = nil, headers: [String: String] = [:], http2: Bool = true,
        basicAuthUsers: [String: String] = [:]
    ) {
        self.tlsServerConfig = tlsServerConfig
        self.headers = headers
        self.http2 = http2
        self.basicAuthUsers = basicAuthUsers
    }

    /// What no `--web.config.file` means: plain HTTP, no authentication.
    public static let empty = WebConfig()
}

extension WebConfig: CustomStringConvertible, CustomReflectable {
    public var description: String {
        let tls = tlsServerConfig.map { "\($0)" } ?? "off"
        let users = basicAuthUsers.keys.sorted().joined(separator: ",")
        return "WebConfig(tls: \(tls), headers: \(headers.keys.sorted()), basic_auth_users: [\(users)])"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}

/// `tls_server_config`.
public struct TLSServerConfig: Sendable, Equatable {
    /// `cert_file` (a path) or `cert` (PEM text); the file wins when both are given, as in the toolkit.
    public var certificate: PEMSource
    /// `key_file` or `key`. Inline key text is a secret.
    public var privateKey: PEMSource
    /// `client_ca_file` or `client_ca`; nil: the system's roots where verification needs some.
    public var clientCA: PEMSource?
    public var clientAuthType: ClientAuthType
    public var minVersion: TLSProtocolVersion
    public var maxVersion: TLSProtocolVersion
    /// IANA names as Go spells them (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`); empty: the library's defaults.
    public var cipherSuites: [String]
    /// `CurveP256`, `CurveP384`, `CurveP521`, `X25519`; empty: the library's defaults.
    public var curvePreferences: [String]
    /// nil: no check. Otherwise a client certificate must carry one of these
    /// SANs (DNS name, e-mail, IP address or URI).
    public var clientAllowedSANs: [String]?

    public init(
        certificate: PEMSource, privateKey: PEMSource, clientCA: PEMSource? = nil,
        clientAuthType: ClientAuthType = .noClientCert, minVersion: TLSProtocolVersion = .tls12,
        maxVersion: TLSProtocolVersion = .tls13, cipherSuites: [String] = [], curvePreferences: [String] = [],
        clientAllowedSANs: [String]? = nil
    ) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.clientCA = clientCA
        self.clientAuthType = clientAuthType
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.cipherSuites = cipherSuites
        self.curvePreferences = curvePreferences
        self.clientAllowedSANs = clientAllowedSANs
    }

    /// Files that a change of should reload the config.
    public var files: [String] {
        [certificate, privateKey, clientCA].compactMap { source in
            if case .file(let path) = source { return path }
            return nil
        }
    }
}

extension TLSServerConfig: CustomStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["cert: \(certificate)", "key: \(privateKey)", "client_auth_type: \(clientAuthType.rawValue)"]
        if let clientCA { parts.append("client_ca: \(clientCA)") }
        parts.append("versions: \(minVersion.rawValue)-\(maxVersion.rawValue)")
        if let clientAllowedSANs { parts.append("client_allowed_sans: \(clientAllowedSANs)") }
        return "TLS(\(parts.joined(separator: ", ")))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}

/// Where PEM text comes from: a file (re-read on every reload) or the config itself.
public enum PEMSource: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    case file(String)
    case inline(String)

    /// Inline text is never shown: it may be a private key.
    public var description: String {
        switch self {
        case .file(let path): path
        case .inline: "<inline>"
        }
    }

    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

/// `client_auth_type`, with Go's `crypto/tls` meanings.
public enum ClientAuthType: String, Sendable, CaseIterable {
    case noClientCert = "NoClientCert"
    case requestClientCert = "RequestClientCert"
    case requireAnyClientCert = "RequireAnyClientCert"
    case verifyClientCertIfGiven = "VerifyClientCertIfGiven"
    case requireAndVerifyClientCert = "RequireAndVerifyClientCert"

    /// The toolkit's spellings: "" is NoClientCert, "RequireClientCert" an old name of RequireAnyClientCert.
    public init?(configValue: String) {
        switch configValue {
        case "": self = .noClientCert
        case "RequireClientCert": self = .requireAnyClientCert
        default: self.init(rawValue: configValue)
        }
    }

    /// Whether a client must present a certificate at all.
    var requiresCertificate: Bool { self == .requireAnyClientCert || self == .requireAndVerifyClientCert }
    /// Whether a presented certificate is checked against the client CA.
    var verifiesCertificate: Bool { self == .verifyClientCertIfGiven || self == .requireAndVerifyClientCert }
}

/// `min_version` / `max_version`.
public enum TLSProtocolVersion: String, Sendable, CaseIterable, Comparable {
    case tls10 = "TLS10"
    case tls11 = "TLS11"
    case tls12 = "TLS12"
    case tls13 = "TLS13"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
