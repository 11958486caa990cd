/// A `--web.listen-address` value: `:9891`, `127.0.0.1:9891`, `[::1]:9891`, `localhost:9891`.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public init(text: String) { self.text = text }
        public var description: String {
            "invalid listen address \"\(text)\": use [host]:port, e.g. :9891, 127.0.0.1:9891 or [::1]:9891"
        }
    }

    public init(parsing text: String) throws(Invalid) {
        guard let colon = text.lastIndex(of: ":") else { throw Invalid(text: text) }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else { throw Invalid(text: text) }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw Invalid(text: text) }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            // An IPv6 address must be bracketed, or the port is ambiguous.
            throw Invalid(text: text)
        }
        // Like Go's net.Listen, an empty host means every interface.
        self.init(host: host.isEmpty ? "0.0.0.0" : host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
