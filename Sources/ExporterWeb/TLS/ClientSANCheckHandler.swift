import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import X509

/// `client_allowed_sans`: once the handshake has verified the client's
/// certificate, the connection is kept only if the certificate names one of
/// the allowed SANs (DNS name, e-mail, IP address or URI, as Go compares
/// them). Nothing the client sends is passed on before that.
final class ClientSANCheckHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let allowed: Set<String>
    private let logger: Logger
    private var verified = false

    init(allowed: Set<String>, logger: Logger) {
        self.allowed = allowed
        self.logger = logger
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            let certificate = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate
            let names = certificate.map(Self.subjectAlternativeNames) ?? []
            if names.contains(where: allowed.contains) {
                verified = true
            } else {
                logger.warning(
                    "client certificate refused: none of its SANs is in client_allowed_sans",
                    metadata: ["sans": "\(names.sorted())", "remote": "\(context.channel.remoteAddress.map { "\($0)" } ?? "-")"])
                context.close(promise: nil)
                return
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard verified else { return }
        context.fireChannelRead(data)
    }

    /// The SAN values as Go's `VerifyPeerCertificate` in exporter-toolkit lists them.
    static func subjectAlternativeNames(_ certificate: NIOSSLCertificate) -> [String] {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der),
            let sans = try? parsed.extensions.subjectAlternativeNames
        else { return [] }
        return sans.compactMap { name -> String? in
            switch name {
            case .dnsName(let value), .rfc822Name(let value), .uniformResourceIdentifier(let value): value
            case .ipAddress(let octets): ipString(Array(octets.bytes))
            default: nil
            }
        }
    }

    static func ipString(_ bytes: [UInt8]) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        let ok = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        guard ok else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
