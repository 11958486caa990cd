import Foundation
@testable import AlibabaCloudCore
import Testing

@Suite struct RPCRequestBuilderTests {
    static let endpoint = Endpoint(host: "tds.cn-shanghai.aliyuncs.com")
    static let timestamp = "2026-01-02T03:04:05Z"
    static let nonce = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
    static let parameters = [("PageSize", "20"), ("CurrentPage", "1")]

    /// With the SDK vectors' inputs, the V1 request must carry the SDK's signature.
    @Test(arguments: [("testststoken", "veslAa3CdfTD%2FpZ9wEdbmkCEi70%3D"), (nil, "jNEEaJKme9b%2Fxv9t%2FcLDYSuznXE%3D")] as [(String?, String)])
    func v1MatchesTheSDKVectors(token: String?, encodedSignature: String) {
        let credentials = Credentials(accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: token)
        let request = RPCRequestBuilder(endpoint: Self.endpoint, signatureVersion: .v1, userAgent: "ua").build(
            action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.parameters, credentials: credentials,
            timestamp: Self.timestamp, nonce: Self.nonce)
        var expected = "https://tds.cn-shanghai.aliyuncs.com/?Action=DescribeDingTalk&Format=json&Version=2018-12-03"
            + "&Timestamp=2026-01-02T03%3A04%3A05Z&SignatureNonce=\(Self.nonce)&SignatureMethod=HMAC-SHA1"
            + "&SignatureVersion=1.0&AccessKeyId=testid"
        if let token { expected += "&SecurityToken=\(token)" }
        expected += "&PageSize=20&CurrentPage=1&Signature=\(encodedSignature)"
        #expect(request.url == expected)
        #expect(!request.headers.contains { $0.0.lowercased() == "authorization" })
    }

    @Test(arguments: [nil, "sts-token"] as [String?])
    func v3SignsExactlyTheHeadersItSends(token: String?) throws {
        let credentials = Credentials(accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: token)
        let endpoint = Endpoint(scheme: "http", host: "127.0.0.1", port: 8080)
        let request = RPCRequestBuilder(endpoint: endpoint, signatureVersion: .v3, userAgent: "ua/1").build(
            action: "DescribeDingTalk", version: "2018-12-03",
            parameters: [("CurrentPage", "1"), ("RuleActionName", "告警 通知&a=b*~")], credentials: credentials,
            timestamp: Self.timestamp, nonce: Self.nonce)
        #expect(request.url == "http://127.0.0.1:8080/?CurrentPage=1&RuleActionName=%E5%91%8A%E8%AD%A6%20%E9%80%9A%E7%9F%A5%26a%3Db%2A~")
        let headers = Dictionary(request.headers, uniquingKeysWith: { first, _ in first })
        #expect(headers["host"] == "127.0.0.1:8080")
        #expect(headers["x-acs-action"] == "DescribeDingTalk")
        #expect(headers["x-acs-version"] == "2018-12-03")
        #expect(headers["x-acs-date"] == Self.timestamp)
        #expect(headers["x-acs-signature-nonce"] == Self.nonce)
        #expect(headers["x-acs-content-sha256"] == SignerV3.hashedPayload([]))
        #expect(headers["x-acs-security-token"] == token)
        #expect(headers["accept"] == "application/json")
        #expect(headers["user-agent"] == "ua/1")
        let authorization = try #require(headers["Authorization"])
        let expectedSigned = "accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-date;"
            + (token == nil ? "" : "x-acs-security-token;") + "x-acs-signature-nonce;x-acs-version"
        #expect(authorization.hasPrefix("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=\(expectedSigned),Signature="))
        // A verifier holding the secret recomputes the same signature from what is on the wire.
        let resigned = SignerV3(accessKeyId: "testid", accessKeySecret: "testsecret").sign(
            method: "POST", path: "/", query: [("CurrentPage", "1"), ("RuleActionName", "告警 通知&a=b*~")],
            headers: request.headers.filter { $0.0 != "Authorization" }, hashedPayload: SignerV3.hashedPayload([]))
        #expect(resigned.authorization == authorization)
    }
}
