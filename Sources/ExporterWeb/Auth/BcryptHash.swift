import HummingbirdBcrypt

/// bcrypt hashes as the toolkit accepts them: `$2a$`, `$2b$` and `$2y$`
/// (what `htpasswd -B` writes), cost 4 to 31.
enum BcryptHash {
    private static let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func isWellFormed(_ hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
            bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
            let cost = Int(String(decoding: bytes[4...5], as: UTF8.self)), (4...31).contains(cost)
        else { return false }
        return bytes[7...].allSatisfy { alphabet.contains($0) }
    }

    /// Whether `password` matches `hash`. `$2y$` is the same algorithm as
    /// `$2b$`; the C implementation only knows the latter's name.
    static func verify(_ password: String, hash: String) -> Bool {
        let normalised = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        return Bcrypt.verify(password, hash: normalised)
    }
}
