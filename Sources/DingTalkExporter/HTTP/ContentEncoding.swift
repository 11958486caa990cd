import Foundation

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
}
