import Foundation
import NIOCore
import NIOSSL

/// A `tls_server_config` made ready for connections: the certificates and
/// key read from their files, a BoringSSL context built from them. Each new
/// connection takes the context current at that moment, so a reload changes
/// what the next handshake uses without a restart.
public struct TLSServerContext: Sendable {
    let sslContext: NIOSSLContext
    let clientAuthType: ClientAuthType
    let allowedSANs: Set<String>?

    /// Reads every PEM source and builds the context; any failure names the file.
    init(_ config: TLSServerConfig, configFile: String) throws(WebConfigError) {
        let chain = try Self.certificates(config.certificate, field: "cert_file", configFile: configFile)
        let key: NIOSSLPrivateKey
        let keyBytes = try Self.read(config.privateKey, field: "key_file", configFile: configFile)
        do {
            key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem)
        } catch {
            // The key's text is never part of the message.
            throw WebConfigError(file: configFile, message: "key \(config.privateKey): not a PEM private key")
        }

        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = TLSNames.version(config.minVersion)
        tls.maximumTLSVersion = TLSNames.version(config.maxVersion)
        let ciphers = config.cipherSuites.compactMap { TLSNames.ciphers[$0] ?? nil }
        if !ciphers.isEmpty { tls.cipherSuiteValues = ciphers }
        let curves = config.curvePreferences.compactMap { TLSNames.curves[$0] }
        if !curves.isEmpty { tls.curves = curves }

        switch config.clientAuthType {
        case .noClientCert:
            tls.certificateVerification = .none
        case .requestClientCert, .verifyClientCertIfGiven:
            tls.certificateVerification = .optionalVerification
        case .requireAnyClientCert, .requireAndVerifyClientCert:
            tls.certificateVerification = .noHostnameVerification
        }
        if let clientCA = config.clientCA {
            tls.trustRoots = .certificates(try Self.certificates(clientCA, field: "client_ca_file", configFile: configFile))
            tls.sendCANameList = true
        }
        do {
            sslContext = try NIOSSLContext(configuration: tls)
        } catch {
            throw WebConfigError(file: configFile, message: "cannot use cert \(config.certificate) with key \(config.privateKey): \(error)")
        }
        clientAuthType = config.clientAuthType
        allowedSANs = config.clientAllowedSANs.map(Set.init)
    }

    /// The TLS handler for one new connection. RequestClientCert and
    /// RequireAnyClientCert take whatever certificate comes, unverified, as Go does.
    func makeHandler() -> NIOSSLServerHandler {
        if clientAuthType.verifiesCertificate || clientAuthType == .noClientCert {
            return NIOSSLServerHandler(context: sslContext)
        }
        return NIOSSLServerHandler(context: sslContext, customVerificationCallback: { _, promise in
            promise.succeed(.certificateVerified)
        })
    }

    private static func certificates(_ source: PEMSource, field: String, configFile: String) throws(WebConfigError) -> [NIOSSLCertificate] {
        let bytes = try read(source, field: field, configFile: configFile)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw WebConfigError(file: configFile, message: "\(field) \(source): not a PEM certificate (\(error))")
        }
        guard !certificates.isEmpty else {
            throw WebConfigError(file: configFile, message: "\(field) \(source): holds no PEM certificate")
        }
        return certificates
    }

    private static func read(_ source: PEMSource, field: String, configFile: String) throws(WebConfigError) -> [UInt8] {
        switch source {
        case .inline(let text):
            return Array(text.utf8)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw WebConfigError(file: configFile, message: "failed to read \(field) (\(path))")
            }
            return Array(data)
        }
    }
}
