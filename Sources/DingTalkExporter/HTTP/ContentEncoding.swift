import CompressNIO
import NIOCore

/// `Accept-Encoding` negotiation for the scrape: Prometheus asks for gzip,
/// and a large account's exposition (about 5 MB for 10,000 notifications)
/// shrinks several-fold.
enum ContentEncoding {
    /// Whether `header` (an `Accept-Encoding` value) accepts gzip: listed
    /// (or `*`) with a q-value above 0.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let coding = parts.first?.lowercased(), coding == "gzip" || coding == "x-gzip" || coding == "*" else { continue }
            let q = parts.dropFirst().first { $0.lowercased().hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0 { return true }
        }
        return false
    }

    /// One gzip member holding `bytes`, or nil if zlib fails (the caller
    /// then sends them plain).
    ///
    /// Level 1: on 490 KB of exposition (1,000 notifications) zlib takes
    /// 3.1 ms of CPU at level 1 against 8.3 ms at the default 6, for 9 % more
    /// bytes (59.7 KB against 54.6 KB); each poll compresses two forms.
    static func gzip(_ bytes: ByteBuffer) -> ByteBuffer? {
        var input = bytes
        return try? input.compress(with: Self.algorithm)
    }

    private static let algorithm = CompressionAlgorithm.gzip(configuration: .init(compressionLevel: .fastestCompression))
}
