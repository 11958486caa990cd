/// Where an API lives: scheme, host and optional port. No path: RPC calls
/// always go to `/`.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    public var host: String
    /// nil means the scheme's default port.
    public var port: Int?

    public init(scheme: String = "https", host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses `https://host`, `http://127.0.0.1:8080`, `host` (https assumed),
    /// `host:port`, `[::1]:8080`; a trailing `/` is allowed. Returns nil for
    /// other schemes, paths, queries, user info, empty hosts, bad ports or
    /// characters that cannot be in a host name.
    public init?(url: String) {
        var rest = Substring(url.trimmingASCIIWhitespace())
        var scheme = "https"
        if let range = rest.range(of: "://") {
            scheme = rest[rest.startIndex..<range.lowerBound].lowercased()
            guard scheme == "http" || scheme == "https" else { return nil }
            rest = rest[range.upperBound...]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains(where: { "/?#@ \t\r\n".contains($0) }) else { return nil }

        let hostPart: Substring
        var portPart: Substring?
        if rest.hasPrefix("[") {
            // IPv6 literal: `[addr]` or `[addr]:port`.
            guard let close = rest.firstIndex(of: "]") else { return nil }
            hostPart = rest[rest.startIndex...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
            let inner = hostPart.dropFirst().dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            let pieces = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return nil }
            hostPart = pieces[0]
            if pieces.count == 2 { portPart = pieces[1] }
            guard !hostPart.isEmpty, hostPart.allSatisfy({ Self.isHostCharacter($0) }),
                  !hostPart.hasPrefix("."), !hostPart.hasPrefix("-"), !hostPart.contains("..")
            else { return nil }
        }

        var port: Int?
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(portPart), (1...65535).contains(value)
            else { return nil }
            port = value
        }
        self.init(scheme: scheme, host: hostPart.lowercased(), port: port)
    }

    /// `localhost`, `127.0.0.0/8` or `[::1]`: traffic that never leaves the machine.
    public var isLoopback: Bool {
        if host == "localhost" || host == "[::1]" || host == "[0:0:0:0:0:0:0:1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Plain `http://` to another machine: requests (with an STS token) and
    /// answers (with webhook URLs) cross the network unencrypted.
    public var isPlainHTTPOffMachine: Bool { scheme == "http" && !isLoopback }

    /// The port actually used.
    public var effectivePort: Int { port ?? (scheme == "http" ? 80 : 443) }

    /// `host`, or `host:port` when the port is not the scheme's default.
    /// This is what goes in (and is signed as) the `host` header.
    public var hostHeader: String {
        guard let port, port != (scheme == "http" ? 80 : 443) else { return host }
        return "\(host):\(port)"
    }

    /// `scheme://host[:port]`, without a trailing slash.
    public var baseURL: String { "\(scheme)://\(hostHeader)" }

    public var description: String { baseURL }

    private static func isHostCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "." || c == "_")
    }
}
