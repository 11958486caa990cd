import AlibabaCloudCore
import Foundation

/// Checks a request the way the service's gateway does, in the same order:
/// signature parts present, action and version known, key known, time stamp
/// fresh, security token matching, signature right. (The nonce is checked
/// afterwards by the caller, which holds the nonce store, so that only
/// authentic requests use nonces up.)
///
/// Signatures are recomputed with `AlibabaCloudCore`'s signers, from what
/// arrived on the wire: the query re-encoded from its decoded values, the
/// headers named in `SignedHeaders` as received, the hash of the body as received.
struct RequestAuthenticator: Sendable {
    static let action = "DescribeDingTalk"
    static let version = "2018-12-03"
    /// The largest clock difference accepted, either way.
    static let maximumSkew: TimeInterval = 15 * 60

    let keys: [String: SimulatorAccessKey]

    init(accessKeys: [SimulatorAccessKey]) {
        self.init(keys: Self.index(accessKeys))
    }

    init(keys: [String: SimulatorAccessKey]) {
        self.keys = keys
    }

    static func index(_ accessKeys: [SimulatorAccessKey]) -> [String: SimulatorAccessKey] {
        var keys: [String: SimulatorAccessKey] = [:]
        for key in accessKeys { keys[key.id] = key }
        return keys
    }

    func authenticate(_ request: IncomingRequest, now: Date) throws(ServiceError) -> AuthenticatedRequest {
        if let authorization = request.header("authorization") {
            return try authenticateV3(request, authorization: authorization, now: now)
        }
        var parameters = QueryString.parse(Substring(request.rawQuery))
        // The RPC gateway also takes V1 parameters from a form body.
        if let contentType = request.header("content-type"),
           contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            parameters += QueryString.parse(Substring(String(decoding: request.body, as: UTF8.self)))
        }
        if parameters.contains(where: { ["Signature", "SignatureMethod", "AccessKeyId"].contains($0.0) }) {
            return try authenticateV1(request, parameters: parameters, now: now)
        }
        throw .incompleteSignature("The request carries neither an Authorization header nor a Signature parameter.")
    }

    /// The access key id a request names, before any check, for logging.
    static func claimedAccessKeyId(_ request: IncomingRequest) -> String? {
        if let authorization = request.header("authorization"),
           let credential = authorization.split(separator: ",").compactMap({ part -> Substring? in
               guard let range = part.range(of: "Credential=") else { return nil }
               return part[range.upperBound...]
           }).first {
            return String(credential.prefix(128))
        }
        return QueryString.parse(Substring(request.rawQuery)).first { $0.0 == "AccessKeyId" }.map { String($0.1.prefix(128)) }
    }

    // MARK: - V3

    private func authenticateV3(_ request: IncomingRequest, authorization: String, now: Date) throws(ServiceError) -> AuthenticatedRequest {
        let prefix = SignerV3.algorithm + " "
        guard authorization.hasPrefix(prefix) else {
            throw .incompleteSignature("The Authorization header must start with \(SignerV3.algorithm).")
        }
        var fields: [String: String] = [:]
        for part in authorization.dropFirst(prefix.count).split(separator: ",") {
            guard let equals = part.firstIndex(of: "=") else {
                throw .incompleteSignature("The Authorization header is malformed.")
            }
            let name = part[part.startIndex..<equals].trimmingCharacters(in: .whitespaces)
            fields[name] = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        guard let accessKeyId = fields["Credential"], !accessKeyId.isEmpty,
              let signedHeaderList = fields["SignedHeaders"], !signedHeaderList.isEmpty,
              let signature = fields["Signature"], !signature.isEmpty
        else {
            throw .incompleteSignature("The Authorization header needs Credential, SignedHeaders and Signature.")
        }
        let signedNames = signedHeaderList.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard signedNames.allSatisfy({ !$0.isEmpty && $0 == $0.lowercased() }) else {
            throw .incompleteSignature("SignedHeaders must be lower-case names separated by ';'.")
        }
        // Like the service: host and every x-acs-* header sent must be signed.
        let mustBeSigned = ["host"] + request.headers.map(\.name).filter { $0.hasPrefix("x-acs-") }
        if let unsigned = mustBeSigned.first(where: { !signedNames.contains($0) }) {
            throw .incompleteSignature("The header \(unsigned) must be in SignedHeaders.")
        }
        guard let date = request.header("x-acs-date"), let nonce = request.header("x-acs-signature-nonce"),
              let contentHash = request.header("x-acs-content-sha256")
        else {
            throw .incompleteSignature("x-acs-date, x-acs-signature-nonce and x-acs-content-sha256 are required.")
        }
        guard let action = request.header("x-acs-action") else { throw .missingParameter("x-acs-action") }
        guard let version = request.header("x-acs-version") else { throw .missingParameter("x-acs-version") }
        try checkActionAndVersion(action: action, version: version)

        let key = try lookUp(accessKeyId)
        let requestDate = try checkTimestamp(date, now: now)
        try checkSecurityToken(request.header("x-acs-security-token"), for: key, now: now)

        let bodyHash = SignerV3.hashedPayload(request.body)
        guard contentHash.lowercased() == bodyHash else { throw .contentHashMismatch }

        var signed: [(String, String)] = []
        for name in signedNames {
            if name == "host" {
                signed.append(("host", request.host))
                continue
            }
            let values = request.headers.filter { $0.name == name }
            guard !values.isEmpty else {
                throw .incompleteSignature("The signed header \(name) is not in the request.")
            }
            signed += values.map { ($0.name, $0.value) }
        }
        let parameters = QueryString.parse(Substring(request.rawQuery))
        let expected = SignerV3(accessKeyId: accessKeyId, accessKeySecret: key.secret)
            .sign(method: request.method, path: request.path, query: parameters, headers: signed, hashedPayload: bodyHash)
        guard Self.constantTimeEquals(expected.signature, signature.lowercased()) else {
            throw .signatureMismatchV3(stringToSign: expected.stringToSign)
        }
        return AuthenticatedRequest(
            algorithm: .v3, accessKeyId: accessKeyId, action: action, version: version, parameters: parameters,
            nonce: nonce, date: requestDate)
    }

    // MARK: - V1

    private func authenticateV1(_ request: IncomingRequest, parameters: [(String, String)], now: Date) throws(ServiceError) -> AuthenticatedRequest {
        func value(_ name: String) -> String? { parameters.first { $0.0 == name }?.1 }

        let required = ["AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp"]
        let missing = required.filter { (value($0) ?? "").isEmpty }
        guard missing.isEmpty else {
            throw .incompleteSignature("Missing: \(missing.joined(separator: ", ")).")
        }
        guard let accessKeyId = value("AccessKeyId"), let signature = value("Signature"),
              let nonce = value("SignatureNonce"), let timestamp = value("Timestamp")
        else { throw .incompleteSignature("Missing signature parameters.") }
        guard value("SignatureMethod") == "HMAC-SHA1" else { throw .invalidSignatureMethod }
        guard value("SignatureVersion") == "1.0" else {
            throw .incompleteSignature("SignatureVersion must be 1.0.")
        }
        guard let action = value("Action") else { throw .missingParameter("Action") }
        guard let version = value("Version") else { throw .missingParameter("Version") }
        try checkActionAndVersion(action: action, version: version)

        let key = try lookUp(accessKeyId)
        let requestDate = try checkTimestamp(timestamp, now: now)
        let token = value("SecurityToken")
        try checkSecurityToken(token, for: key, now: now)

        let signedParameters = parameters.filter { $0.0 != "Signature" }
        let expected = SignerV1(accessKeySecret: key.secret).sign(method: request.method, parameters: signedParameters)
        guard Self.constantTimeEquals(expected.signature, signature) else {
            throw .signatureMismatchV1(stringToSign: token == nil ? expected.stringToSign : nil)
        }
        return AuthenticatedRequest(
            algorithm: .v1, accessKeyId: accessKeyId, action: action, version: version,
            parameters: signedParameters, nonce: nonce, date: requestDate)
    }

    // MARK: - Shared checks

    private func checkActionAndVersion(action: String, version: String) throws(ServiceError) {
        guard action == Self.action else { throw .invalidAction }
        guard version == Self.version else { throw .invalidVersion }
    }

    private func lookUp(_ accessKeyId: String) throws(ServiceError) -> SimulatorAccessKey {
        guard let key = keys[accessKeyId] else { throw .accessKeyNotFound }
        return key
    }

    private func checkTimestamp(_ value: String, now: Date) throws(ServiceError) -> Date {
        guard let date = AcsTimestamp.parse(value) else { throw .timestampFormat }
        guard abs(date.timeIntervalSince(now)) <= Self.maximumSkew else { throw .timestampExpired }
        return date
    }

    private func checkSecurityToken(_ token: String?, for key: SimulatorAccessKey, now: Date) throws(ServiceError) {
        if let expiration = key.expiration, now >= expiration { throw .securityTokenExpired }
        switch (key.securityToken, token) {
        case (nil, nil):
            return
        case (.some, nil):
            throw .missingSecurityToken
        case (nil, .some):
            throw .securityTokenMismatch
        case (.some(let expected), .some(let given)):
            guard Self.constantTimeEquals(expected, given) else { throw .securityTokenMismatch }
        }
    }

    /// Compares without an early exit, so timing does not reveal how much of a
    /// signature was right.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<min(x.count, y.count) { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
