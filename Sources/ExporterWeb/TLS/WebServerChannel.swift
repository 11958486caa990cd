import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// Wraps an HTTP child channel with TLS whose context is looked up for every
/// new connection, so certificates re-read by a reload serve the next
/// handshake. (HummingbirdTLS's `TLSChannel` keeps one context for the
/// server's lifetime.)
struct WebServerChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let store: WebConfigStore

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let tls = store.current.tls
        return channel.eventLoop.makeCompletedFuture {
            guard let tls else { throw WebServerChannelError.tlsMissing }
            try channel.pipeline.syncOperations.addHandler(tls.makeHandler())
            if let allowed = tls.allowedSANs {
                try channel.pipeline.syncOperations.addHandler(ClientSANCheckHandler(allowed: allowed, logger: logger))
            }
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

enum WebServerChannelError: Error, CustomStringConvertible {
    case tlsMissing
    var description: String { "the web config no longer has TLS; the connection is refused" }
}
