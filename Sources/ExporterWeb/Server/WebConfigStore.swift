import Foundation
import Logging
import NIOConcurrencyHelpers

/// The web config in force. Loading at start throws (the caller exits:
/// never a fall-back to plain HTTP); `reload()` re-reads the file and the
/// certificates and swaps them in only when all of it is valid, so a broken
/// new file leaves the old config serving.
public final class WebConfigStore: Sendable {
    /// `--web.config.file`; nil without one.
    public let path: String?
    let authVerifier = BasicAuthVerifier()
    private let state: NIOLockedValueBox<ActiveWebConfig>
    private let logger: Logger

    public convenience init(path: String?, logger: Logger) throws(WebConfigError) {
        let loaded = try ActiveWebConfig.load(path: path)
        self.init(path: path, loaded: loaded, logger: logger)
    }

    /// No `--web.config.file`: plain HTTP, no authentication. Cannot fail.
    public convenience init(logger: Logger) {
        self.init(path: nil, loaded: .plain, logger: logger)
    }

    private init(path: String?, loaded: ActiveWebConfig, logger: Logger) {
        self.path = path
        self.logger = logger
        state = NIOLockedValueBox(loaded)
    }

    /// What the next request and the next TLS handshake use.
    public var current: ActiveWebConfig { state.withLockedValue { $0 } }

    /// Files whose change should trigger `reload()`: the config and the PEM files it names.
    public var watchedFiles: [String] {
        guard let path else { return [] }
        return [path] + (current.config.tlsServerConfig?.files ?? [])
    }

    /// Re-reads the file and its certificates. On error the old config stays
    /// and the error is thrown (logged here too). Switching TLS on or off
    /// needs a restart: the listeners were set up for one or the other.
    public func reload() throws(WebConfigError) {
        guard let path else { return }
        let loaded: ActiveWebConfig
        do throws(WebConfigError) {
            loaded = try ActiveWebConfig.load(path: path)
            if loaded.usesTLS != current.usesTLS {
                throw WebConfigError(
                    file: path,
                    message: "TLS cannot be switched \(loaded.usesTLS ? "on" : "off") by a reload; restart the exporter")
            }
        } catch {
            logger.error("web config reload refused, the previous one stays", metadata: ["error": "\(error)"])
            throw error
        }
        state.withLockedValue { $0 = loaded }
        logger.info("web config reloaded", metadata: ["file": "\(path)", "tls": "\(loaded.usesTLS)"])
    }

    /// For `--config.check`: loads `path` and its certificates as a start
    /// would, starts nothing. The returned config prints without secrets.
    public static func validate(path: String) throws(WebConfigError) -> WebConfig {
        try ActiveWebConfig.load(path: path).config
    }
}

