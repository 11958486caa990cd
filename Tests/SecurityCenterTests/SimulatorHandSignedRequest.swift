import AlibabaCloudCore
import AsyncHTTPClient
import Foundation
import SecurityCenterSimulator

/// Builds signed requests by hand, with the knobs an SDK does not expose
/// (a body, odd encodings, extra or missing headers), to check exactly what
/// the simulator verifies.
struct SimulatorHandSignedRequest {
    var endpoint: Endpoint
    var key: SimulatorAccessKey
    var method = "POST"
    var query: [(String, String)] = [("PageSize", "20"), ("CurrentPage", "1")]
    var body: [UInt8] = []
    var date = Date()
    var nonce = UUID().uuidString
    /// Replaces `x-acs-content-sha256` (signed as given).
    var contentHash: String?
    /// Extra headers, signed.
    var signedExtras: [(String, String)] = []
    /// Extra headers, sent but not signed.
    var unsignedExtras: [(String, String)] = []
    /// Replaces the wire query string (the signature still covers `query`).
    var rawQuery: String?

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    func v3() -> HTTPClientRequest {
        var headers: [(String, String)] = [
            ("host", endpoint.hostHeader), ("x-acs-action", "DescribeDingTalk"), ("x-acs-version", "2018-12-03"),
            ("x-acs-date", Self.timestamp(date)), ("x-acs-signature-nonce", nonce),
            ("x-acs-content-sha256", contentHash ?? SignerV3.hashedPayload(body)),
        ]
        if let token = key.securityToken { headers.append(("x-acs-security-token", token)) }
        headers += signedExtras
        let signature = SignerV3(accessKeyId: key.id, accessKeySecret: key.secret)
            .sign(method: method, path: "/", query: query, headers: headers, hashedPayload: contentHash ?? SignerV3.hashedPayload(body))
        return request(headers: headers + unsignedExtras + [("Authorization", signature.authorization)], query: query)
    }

    func v1() -> HTTPClientRequest {
        var parameters: [(String, String)] = [
            ("Action", "DescribeDingTalk"), ("Format", "json"), ("Version", "2018-12-03"),
            ("Timestamp", Self.timestamp(date)), ("SignatureNonce", nonce), ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"), ("AccessKeyId", key.id),
        ]
        if let token = key.securityToken { parameters.append(("SecurityToken", token)) }
        parameters += query
        let signature = SignerV1(accessKeySecret: key.secret).sign(method: method, parameters: parameters)
        return request(headers: unsignedExtras, query: parameters + [("Signature", signature.signature)])
    }

    private func request(headers: [(String, String)], query: [(String, String)]) -> HTTPClientRequest {
        let encoded = rawQuery ?? query.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: endpoint.baseURL + "/?" + encoded)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty { request.body = .bytes(body) }
        return request
    }

    /// Sends it; returns status, headers and body.
    static func send(_ request: HTTPClientRequest) async throws -> (status: Int, headers: [String: String], body: [UInt8]) {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 1 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return (Int(response.status.code), headers, buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// The `Code` of a JSON error body, or "ok" for a 200.
    static func outcome(_ request: HTTPClientRequest) async throws -> String {
        let (status, _, body) = try await send(request)
        if status == 200 { return "ok" }
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return "\(status) \(object?["Code"] as? String ?? "-")"
    }
}
