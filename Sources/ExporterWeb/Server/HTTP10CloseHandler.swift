import NIOCore
import NIOHTTP1

/// Marks an HTTP/1.0 request without `Connection: keep-alive` as
/// `Connection: close`, so the server closes the connection after the answer
/// as HTTP/1.0 wants. Hummingbird sees requests only as swift-http-types
/// values, which carry no version, and keeps every connection open unless
/// the request says `close`: an HTTP/1.0 client that waits for the close
/// would hang, and each one would hold a connection until the idle time-out.
final class HTTP10CloseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), head.version == .http1_0, !head.isKeepAlive else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
