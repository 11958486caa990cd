import Crypto
import Foundation
import NIOSSL
import X509

/// Certificates made fresh for a test run: a CA, a server certificate for
/// `localhost`, a client certificate from the same CA and one from another
/// CA. Written as PEM files into a temporary directory; no key is ever
/// committed.
public struct TestCertificates: Sendable {
    public struct Issued: Sendable {
        public var certificatePEM: String
        public var keyPEM: String

        public var nioCertificate: NIOSSLCertificate {
            get throws { try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem) }
        }
        public var nioKey: NIOSSLPrivateKey {
            get throws { try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem) }
        }
    }

    public let directory: URL
    public let ca: Issued
    public let otherCA: Issued
    public let server: Issued
    public let client: Issued
    public let otherClient: Issued

    /// - Parameter clientSANs: DNS names of the (good) client certificate.
    public init(clientSANs: [String] = ["scraper.example"]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("exporter-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let caKey = P256.Signing.PrivateKey()
        let otherKey = P256.Signing.PrivateKey()
        ca = try Self.issueCA(name: "Test CA", key: caKey)
        otherCA = try Self.issueCA(name: "Other CA", key: otherKey)
        server = try Self.issueLeaf(name: "localhost", sans: ["localhost"], issuer: "Test CA", issuerKey: caKey)
        client = try Self.issueLeaf(name: "scraper", sans: clientSANs, issuer: "Test CA", issuerKey: caKey)
        otherClient = try Self.issueLeaf(name: "intruder", sans: ["scraper.example"], issuer: "Other CA", issuerKey: otherKey)
        for (name, issued) in [("ca", ca), ("other-ca", otherCA), ("server", server), ("client", client), ("other-client", otherClient)] {
            try write(issued.certificatePEM, to: "\(name).crt")
            try write(issued.keyPEM, to: "\(name).key")
        }
    }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    public func write(_ text: String, to name: String) throws -> String {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
        return path(name)
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func issueCA(name: String, key: P256.Signing.PrivateKey) throws -> Issued {
        let subject = try DistinguishedName { CommonName(name) }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-3600), notValidAfter: Date().addingTimeInterval(86400),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(key))
        return Issued(certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }

    private static func issueLeaf(name: String, sans: [String], issuer: String, issuerKey: P256.Signing.PrivateKey) throws -> Issued {
        let key = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-3600), notValidAfter: Date().addingTimeInterval(86400),
            issuer: try DistinguishedName { CommonName(issuer) }, subject: try DistinguishedName { CommonName(name) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                SubjectAlternativeNames(sans.map { .dnsName($0) })
            },
            issuerPrivateKey: .init(issuerKey))
        return Issued(certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }
}
