import Foundation

/// A web config file loaded and made ready: the parsed config and, with TLS,
/// the context built from certificates read at load time.
public struct ActiveWebConfig: Sendable {
    public let config: WebConfig
    let tls: TLSServerContext?

    /// nil path: no web config, plain HTTP and no authentication.
    public static func load(path: String?) throws(WebConfigError) -> ActiveWebConfig {
        guard let path else { return plain }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WebConfigError(file: path, message: "cannot read the file (--web.config.file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WebConfigError(file: path, message: "not UTF-8 text")
        }
        let config = try WebConfigParser.parse(text, file: path)
        guard let tls = config.tlsServerConfig else { return ActiveWebConfig(config: config, tls: nil) }
        return ActiveWebConfig(config: config, tls: try TLSServerContext(tls, configFile: path))
    }

    public var usesTLS: Bool { tls != nil }

    static let plain = ActiveWebConfig(config: .empty, tls: nil)
}
