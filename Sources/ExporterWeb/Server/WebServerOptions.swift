import Hummingbird
import HummingbirdCore
import NIOCore

/// Limits of the HTTP server itself, so slow or hostile clients cannot hold
/// connections or memory: request headers are capped, and a connection that
/// sends nothing complete (no request head, no body part) for `idleTimeout`
/// is closed, whether idle between requests, trickling a header, or never
/// finishing its TLS handshake.
public struct WebServerOptions: Sendable {
    /// `--web.max-requests`.
    public var maxConcurrentRequests: Int
    public var idleTimeout: Duration
    /// All request header fields together, and any single one.
    public var maxHeaderBytes: Int

    public init(maxConcurrentRequests: Int = 40, idleTimeout: Duration = .seconds(60), maxHeaderBytes: Int = 32 * 1024) {
        self.maxConcurrentRequests = maxConcurrentRequests
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
    }
}

extension WebConfigStore {
    /// The server for Hummingbird's `Application(server:)`: HTTP/1.1 with the
    /// limits, inside TLS when the web config has `tls_server_config`.
    public func serverBuilder(_ options: WebServerOptions) -> HTTPServerBuilder {
        let http1 = HTTP1Channel.Configuration(
            idleTimeout: TimeAmount(options.idleTimeout),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: options.maxHeaderBytes, maxHeaderListSize: options.maxHeaderBytes, maxHeaderFieldCount: 100))
        guard current.usesTLS else { return .http1(configuration: http1) }
        return HTTPServerBuilder { responder in
            WebServerChannel(base: HTTP1Channel(responder: responder, configuration: http1), store: self)
        }
    }

    /// The middleware to add first to the application's router.
    public func middleware<Context: RequestContext>(
        _ options: WebServerOptions, observer: (any HTTPRequestObserver)?, context: Context.Type = Context.self
    ) -> WebLayerMiddleware<Context> {
        WebLayerMiddleware(store: self, maxConcurrentRequests: options.maxConcurrentRequests, observer: observer)
    }
}
