/// Builds the URL and headers of one signed RPC attempt. Pure: credentials,
/// time and nonce come in, so tests and the simulator can check the exact
/// bytes that go on the wire.
struct RPCRequestBuilder: Sendable {
    struct Request: Sendable {
        var url: String
        var headers: [(String, String)]
    }

    var endpoint: Endpoint
    var signatureVersion: SignatureVersion
    var userAgent: String

    static let emptyPayloadHash = SignerV3.hashedPayload([])

    func build(
        action: String, version: String, parameters: [(String, String)], credentials: Credentials,
        timestamp: String, nonce: String
    ) -> Request {
        switch signatureVersion {
        case .v3:
            var headers: [(String, String)] = [
                ("host", endpoint.hostHeader),
                ("x-acs-action", action),
                ("x-acs-version", version),
                ("x-acs-date", timestamp),
                ("x-acs-signature-nonce", nonce),
                ("x-acs-content-sha256", Self.emptyPayloadHash),
                ("accept", "application/json"),
                ("user-agent", userAgent),
            ]
            if let token = credentials.securityToken { headers.append(("x-acs-security-token", token)) }
            let signature = SignerV3(accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret)
                .sign(method: "POST", path: "/", query: parameters, headers: headers,
                      hashedPayload: Self.emptyPayloadHash)
            headers.append(("Authorization", signature.authorization))
            return Request(url: url(query: parameters), headers: headers)
        case .v1:
            var query: [(String, String)] = [
                ("Action", action), ("Format", "json"), ("Version", version), ("Timestamp", timestamp),
                ("SignatureNonce", nonce), ("SignatureMethod", "HMAC-SHA1"), ("SignatureVersion", "1.0"),
                ("AccessKeyId", credentials.accessKeyId),
            ]
            if let token = credentials.securityToken { query.append(("SecurityToken", token)) }
            query += parameters
            let signature = SignerV1(accessKeySecret: credentials.accessKeySecret).sign(method: "POST", parameters: query)
            query.append(("Signature", signature.signature))
            let headers: [(String, String)] = [
                ("host", endpoint.hostHeader), ("accept", "application/json"), ("user-agent", userAgent),
            ]
            return Request(url: url(query: query), headers: headers)
        }
    }

    private func url(query: [(String, String)]) -> String {
        guard !query.isEmpty else { return endpoint.baseURL + "/" }
        let encoded = query.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }
        return endpoint.baseURL + "/?" + encoded.joined(separator: "&")
    }
}
