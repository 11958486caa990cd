import Crypto
import Foundation

/// The RPC signature 1.0 signer (`HMAC-SHA1`, key `secret + "&"`).
///
/// `parameters` must already hold every query parameter except `Signature`
/// (`Action`, `Timestamp`, `SignatureNonce`, `AccessKeyId`, ...); the caller
/// appends the result as `Signature`.
public struct SignerV1: Sendable {
    private let accessKeySecret: String

    public init(accessKeySecret: String) {
        self.accessKeySecret = accessKeySecret
    }

    public func sign(method: String, parameters: [(String, String)]) -> SignatureV1 {
        let canonicalized = parameters
            .map { (PercentEncoding.encode($0.0), PercentEncoding.encode($0.1)) }
            .sorted { lhs, rhs in
                lhs.0 == rhs.0 ? lhs.1.utf8.lexicographicallyPrecedes(rhs.1.utf8) : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
        let stringToSign = "\(method.uppercased())&\(PercentEncoding.encode("/"))&\(PercentEncoding.encode(canonicalized))"
        let mac = HMAC<Insecure.SHA1>.authenticationCode(
            for: Array(stringToSign.utf8), using: SymmetricKey(data: Array((accessKeySecret + "&").utf8)))
        let signature = Data(mac).base64EncodedString()
        return SignatureV1(canonicalizedQueryString: canonicalized, stringToSign: stringToSign, signature: signature)
    }
}

extension SignerV1: CustomStringConvertible, CustomReflectable {
    public var description: String { "SignerV1(accessKeySecret: <redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
