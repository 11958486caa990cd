import AlibabaCloudCore
import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import SecurityCenterSimulator
import Testing

/// The simulator checks signatures like the service: these go through the
/// real `RPCClient` and its signers, over loopback HTTP.
@Suite struct SimulatorSignatureTests {
    typealias Support = SimulatorTestSupport

    static let signedCases: [(SignatureVersion, Bool)] = [(.v3, false), (.v3, true), (.v1, false), (.v1, true)]

    @Test(arguments: signedCases)
    func acceptsCorrectlySignedRequests(signature: SignatureVersion, sts: Bool) async throws {
        try await Support.withSimulator { simulator, endpoint in
            let key = sts ? Support.stsKey : Support.key
            let client = Support.client(endpoint, credentials: Support.credentials(key), signature: signature)
            let response = try await Support.describe(client, page: 2, pageSize: 20)
            #expect(response.status == 200)
            let object = try Support.json(response)
            let pageInfo = object["PageInfo"] as? [String: Any]
            #expect(pageInfo?["CurrentPage"] as? Int == 2)
            #expect(pageInfo?["PageSize"] as? Int == 20)
            #expect(pageInfo?["TotalCount"] as? Int == 45)
            #expect(pageInfo?["Count"] as? Int == 20)
            #expect((object["ActionList"] as? [Any])?.count == 20)
            #expect(response.requestId == object["RequestId"] as? String)
            #expect(simulator.requestCount == 1)
        }
    }

    @Test(arguments: SignatureVersion.allCases)
    func wrongSecretIsSignatureDoesNotMatch(signature: SignatureVersion) async throws {
        try await Support.withSimulator { simulator, endpoint in
            let wrong = Credentials(accessKeyId: Support.key.id, accessKeySecret: "not-the-secret")
            let client = Support.client(endpoint, credentials: wrong, signature: signature)
            let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
            #expect(error?.code == "SignatureDoesNotMatch")
            #expect(error?.httpStatus == 400)
            let expectedStart = signature == .v3
                ? "Specified signature does not match our calculation. The server string to sign is: ACS3-HMAC-SHA256\\n"
                : "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tSimulatorTestKey%26Action%3DDescribeDingTalk%26CurrentPage%3D1%26Format%3Djson%26PageSize%3D20%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
            #expect(error?.message.hasPrefix(expectedStart) == true, "\(error?.message ?? "nil")")
            #expect(error?.message.contains(Support.key.secret) == false)
            #expect(error?.requestId?.count == 36)
            #expect(simulator.requestCount == 1)
        }
    }

    @Test(arguments: SignatureVersion.allCases)
    func unknownKeyIsNotFound(signature: SignatureVersion) async throws {
        try await Support.withSimulator { _, endpoint in
            let unknown = Credentials(accessKeyId: "LTAI5tNobodyKnowsMe", accessKeySecret: Support.key.secret)
            let client = Support.client(endpoint, credentials: unknown, signature: signature)
            let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
            #expect(error?.code == "InvalidAccessKeyId.NotFound")
            #expect(error?.httpStatus == 404)
            #expect(error?.message == "Specified access key is not found.")
        }
    }

    static let tokenCases: [(SignatureVersion, String?, String, String)] = [
        (.v3, nil, "MissingSecurityToken", #"The input parameter "SecurityToken" that is mandatory for processing this request is not supplied."#),
        (.v1, nil, "MissingSecurityToken", #"The input parameter "SecurityToken" that is mandatory for processing this request is not supplied."#),
        (.v3, "CAIS-some-other-token", "InvalidSecurityToken.MismatchWithAccessKey", "The Security Token does not match the AccessKeyId."),
        (.v1, "CAIS-some-other-token", "InvalidSecurityToken.MismatchWithAccessKey", "The Security Token does not match the AccessKeyId."),
    ]

    @Test(arguments: tokenCases)
    func stsKeyNeedsItsToken(signature: SignatureVersion, token: String?, code: String, message: String) async throws {
        try await Support.withSimulator { _, endpoint in
            let credentials = Credentials(
                accessKeyId: Support.stsKey.id, accessKeySecret: Support.stsKey.secret, securityToken: token)
            let client = Support.client(endpoint, credentials: credentials, signature: signature)
            let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
            #expect(error?.code == code)
            #expect(error?.httpStatus == 400)
            #expect(error?.message == message)
        }
    }

    @Test(arguments: SignatureVersion.allCases)
    func tokenWithLongLivedKeyIsRefused(signature: SignatureVersion) async throws {
        try await Support.withSimulator { _, endpoint in
            let credentials = Credentials(
                accessKeyId: Support.key.id, accessKeySecret: Support.key.secret, securityToken: "CAIS-unexpected")
            let client = Support.client(endpoint, credentials: credentials, signature: signature)
            let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
            #expect(error?.code == "InvalidSecurityToken.MismatchWithAccessKey")
        }
    }

    /// Minutes the client's clock is off, and whether the simulator still accepts it (limit: 15 minutes).
    static let skews: [(SignatureVersion, Double, Bool)] = [
        (.v3, -16, false), (.v3, -14, true), (.v3, 14, true), (.v3, 16, false),
        (.v1, -16, false), (.v1, 16, false), (.v1, 14, true),
    ]

    @Test(arguments: skews)
    func skewedClockIsExpired(signature: SignatureVersion, minutes: Double, accepted: Bool) async throws {
        try await Support.withSimulator { _, endpoint in
            let client = Support.client(
                endpoint, signature: signature, now: { Date().addingTimeInterval(minutes * 60) })
            if accepted {
                let response = try await Support.describe(client)
                #expect(response.status == 200)
            } else {
                let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
                #expect(error?.code == "InvalidTimeStamp.Expired")
                #expect(error?.httpStatus == 400)
                #expect(error?.message == "Specified time stamp or date value is expired.")
            }
        }
    }

    @Test func simulatorClockIsInjectable() async throws {
        // The simulator's clock is 20 minutes ahead: a correct client now looks expired.
        try await Support.withSimulator(now: { Date().addingTimeInterval(20 * 60) }) { _, endpoint in
            let error = await #expect(throws: APIError.self) { try await Support.describe(Support.client(endpoint)) }
            #expect(error?.code == "InvalidTimeStamp.Expired")
        }
    }

    /// Found by the soak: the demo's in-process simulator remembered 100,000
    /// nonces (about 30 MB), which read as the exporter's memory growing. The
    /// demo now passes a small `nonceCapacity`; this holds that the simulator
    /// keeps no more than that: a new request's nonce takes one of the places,
    /// so with room for 4 a nonce four requests old is forgotten (and accepted
    /// again), and with room for 5 it is still refused.
    @Test(arguments: [(4, true), (5, false)])
    func nonceCapacityBoundsTheReplayCache(capacity: Int, oldestAcceptedAgain: Bool) async throws {
        let nonces = NIOLockedValueBox(["n-a", "n-b", "n-c", "n-d", "n-a"][...])
        try await SecurityCenterSimulator.withRunning(
            dataSet: SimulatorDataSet.generate(count: 5, seed: 7), accessKeys: [Support.key], logger: Support.quietLogger,
            nonceCapacity: capacity
        ) { _, endpoint in
            let client = Support.client(endpoint, nonce: { nonces.withLockedValue { $0.popFirst() ?? "n-spare" } })
            for _ in 0..<4 {
                let answer = try await Support.describe(client)
                #expect(answer.status == 200)
            }
            if oldestAcceptedAgain {
                let again = try await Support.describe(client)
                #expect(again.status == 200)
            } else {
                let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
                #expect(error?.code == "SignatureNonceUsed")
            }
        }
    }

    @Test(arguments: SignatureVersion.allCases)
    func repeatedNonceIsRefused(signature: SignatureVersion) async throws {
        try await Support.withSimulator { simulator, endpoint in
            let client = Support.client(endpoint, signature: signature, nonce: { "5f1c1d7e-constant-nonce" })
            let first = try await Support.describe(client)
            #expect(first.status == 200)
            let error = await #expect(throws: APIError.self) { try await Support.describe(client, page: 2) }
            #expect(error?.code == "SignatureNonceUsed")
            #expect(error?.httpStatus == 400)
            #expect(error?.message == "Specified signature nonce was used already.")
            // Nonces are per key: another key may use the same one.
            let other = Support.client(
                endpoint, credentials: Support.credentials(Support.stsKey), signature: signature,
                nonce: { "5f1c1d7e-constant-nonce" })
            let fromOtherKey = try await Support.describe(other)
            #expect(fromOtherKey.status == 200)
            #expect(simulator.requestCount == 3)
        }
    }

    @Test func badSignatureDoesNotUseTheNonce() async throws {
        try await Support.withSimulator { _, endpoint in
            let forged = Support.client(
                endpoint, credentials: Credentials(accessKeyId: Support.key.id, accessKeySecret: "forged"),
                nonce: { "nonce-of-a-forgery" })
            let error = await #expect(throws: APIError.self) { try await Support.describe(forged) }
            #expect(error?.code == "SignatureDoesNotMatch")
            let genuine = Support.client(endpoint, nonce: { "nonce-of-a-forgery" })
            let response = try await Support.describe(genuine)
            #expect(response.status == 200)
        }
    }

    static let actionCases: [(String, String, String, Int)] = [
        ("DescribeSomethingElse", "2018-12-03", "InvalidAction.NotFound", 404),
        ("DescribeDingTalk", "2017-01-01", "InvalidVersion", 400),
    ]

    @Test(arguments: actionCases)
    func wrongActionOrVersion(action: String, version: String, code: String, status: Int) async throws {
        try await Support.withSimulator { _, endpoint in
            for signature in SignatureVersion.allCases {
                let client = Support.client(endpoint, signature: signature)
                let error = await #expect(throws: APIError.self) {
                    try await client.call(action: action, version: version, parameters: [])
                }
                #expect(error?.code == code)
                #expect(error?.httpStatus == status)
            }
        }
    }

    /// Requests no SDK would send, written by hand.
    static let garbled: [(String, [(String, String)], String)] = [
        ("/?PageSize=20", [], "IncompleteSignature"),
        ("/?PageSize=20", [("Authorization", "ACS3-HMAC-SHA256 garbage")], "IncompleteSignature"),
        ("/?PageSize=20", [("Authorization", "ACS3-HMAC-SHA256 Credential=LTAI5tSimulatorTestKey,Signature=00")], "IncompleteSignature"),
        ("/?PageSize=20", [("Authorization", "Bearer abc")], "IncompleteSignature"),
        ("/?AccessKeyId=LTAI5tSimulatorTestKey&Action=DescribeDingTalk", [], "IncompleteSignature"),
        ("/?AccessKeyId=k&Action=DescribeDingTalk&Version=2018-12-03&Signature=x&SignatureMethod=HMAC-SHA256&SignatureNonce=n&SignatureVersion=1.0&Timestamp=2026-01-02T03%3A04%3A05Z",
         [], "InvalidSignatureMethod"),
    ]

    @Test(arguments: garbled)
    func garbledRequestsAreIncomplete(path: String, headers: [(String, String)], code: String) async throws {
        try await Support.withSimulator { _, endpoint in
            var request = HTTPClientRequest(url: endpoint.baseURL + path)
            request.method = .POST
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 16)
            let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            #expect(response.status.code == 400)
            #expect(object?["Code"] as? String == code)
            #expect(Set(object?.keys.map { $0 } ?? []) == ["RequestId", "HostId", "Code", "Message", "Recommend"])
            #expect(response.headers.first(name: "content-type") == "application/json;charset=utf-8")
        }
    }
}
