import Crypto

/// The `ACS3-HMAC-SHA256` request signer (Alibaba Cloud signature V3).
///
/// A pure function of its inputs: the caller supplies the date and nonce as
/// headers, and decides which headers are signed (all of those given are).
public struct SignerV3: Sendable {
    public static let algorithm = "ACS3-HMAC-SHA256"

    private let accessKeyId: String
    private let accessKeySecret: String

    public init(accessKeyId: String, accessKeySecret: String) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
    }

    /// Hex SHA-256 of a request body (`x-acs-content-sha256`).
    public static func hashedPayload(_ body: [UInt8]) -> String {
        HexEncoding.lowercase(SHA256.hash(data: body))
    }

    /// Signs `headers` exactly: names are lower-cased and sorted, values trimmed;
    /// repeated names are joined with commas, as the SDK does.
    public func sign(
        method: String, path: String, query: [(String, String)], headers: [(String, String)], hashedPayload: String
    ) -> SignatureV3 {
        let canonicalQuery = query
            .map { (PercentEncoding.encode($0.0), PercentEncoding.encode($0.1)) }
            .sorted { lhs, rhs in
                lhs.0 == rhs.0 ? lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8) : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")

        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(value.trimmingASCIIWhitespace())
        }
        let names = merged.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let canonicalHeaders = names.map { "\($0):\(merged[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            method.uppercased(), Self.canonicalURI(path), canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload,
        ].joined(separator: "\n")
        let hashedCanonicalRequest = HexEncoding.lowercase(SHA256.hash(data: Array(canonicalRequest.utf8)))
        let stringToSign = "\(Self.algorithm)\n\(hashedCanonicalRequest)"
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign.utf8), using: SymmetricKey(data: Array(accessKeySecret.utf8)))
        let signature = HexEncoding.lowercase(mac)
        let authorization = "\(Self.algorithm) Credential=\(accessKeyId),SignedHeaders=\(signedHeaders),Signature=\(signature)"
        return SignatureV3(
            canonicalQueryString: canonicalQuery, canonicalHeaders: canonicalHeaders, signedHeaders: signedHeaders,
            canonicalRequest: canonicalRequest, hashedCanonicalRequest: hashedCanonicalRequest,
            stringToSign: stringToSign, signature: signature, authorization: authorization)
    }

    /// RPC calls always use `/`; for other paths each segment is encoded and the
    /// slashes kept, as the SDK does for ROA paths.
    static func canonicalURI(_ path: String) -> String {
        if path.isEmpty { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.encode(String($0)) }
            .joined(separator: "/")
    }
}

extension SignerV3: CustomStringConvertible, CustomReflectable {
    public var description: String { "SignerV3(accessKeyId: \(accessKeyId), accessKeySecret: <redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: ["accessKeyId": accessKeyId], displayStyle: .struct) }
}

extension String {
    /// Trims spaces, tabs, CR and LF at both ends without Foundation.
    func trimmingASCIIWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
