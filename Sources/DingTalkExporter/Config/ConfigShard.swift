/// `--config.shard N/M`: this replica polls the accounts whose name hashes
/// to N modulo M (N from 0 to M-1), like Prometheus' `hashmod` relabelling.
/// The hash is FNV-1a 64 of the name's UTF-8 bytes: stable across processes,
/// versions and machines, unlike Swift's seeded `hashValue`.
public struct ConfigShard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var text: String
        public var description: String {
            "invalid shard \"\(text)\": use N/M with 0 <= N < M, e.g. 0/3, 1/3 and 2/3 for three replicas"
        }
    }

    public init(index: Int, count: Int) throws(Invalid) {
        guard count >= 1, (0..<count).contains(index) else { throw Invalid(text: "\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    public init(parsing text: String) throws(Invalid) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index)
        else { throw Invalid(text: text) }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(_ accountName: String) -> Bool {
        Int(Self.hash(accountName) % UInt64(count)) == index
    }

    public func select(_ accounts: [AccountConfig]) -> [AccountConfig] {
        accounts.filter { contains($0.name) }
    }

    /// FNV-1a 64 of the UTF-8 bytes.
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
