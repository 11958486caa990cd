import AlibabaCloudCore
import AsyncHTTPClient
import Foundation
import SecurityCenterSimulator
import Testing

/// What goes over the wire, checked with hand-built requests and raw HTTP.
@Suite struct SimulatorWireTests {
    typealias Support = SimulatorTestSupport
    typealias Signed = SimulatorHandSignedRequest

    @Test func v3CoversTheBody() async throws {
        try await Support.withSimulator { _, endpoint in
            var request = Signed(endpoint: endpoint, key: Support.key)
            request.body = Array("CurrentPage=1".utf8)
            let outcome = try await Signed.outcome(request.v3())
            #expect(outcome == "ok")
            // The body changed after signing: its hash no longer matches.
            request.contentHash = SignerV3.hashedPayload([])
            request.nonce = UUID().uuidString
            let (status, _, body) = try await Signed.send(request.v3())
            let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            #expect(status == 400)
            #expect(object?["Code"] as? String == "SignatureDoesNotMatch")
            #expect(object?["Message"] as? String
                == "Specified signature does not match our calculation: x-acs-content-sha256 is not the SHA-256 of the request body.")
        }
    }

    /// The canonical query is rebuilt from the decoded values, so any valid
    /// encoding of the same values on the wire verifies.
    static let wireQueries = [
        "PageSize=20&CurrentPage=1&RuleActionName=a%20b%7E%2a",
        "RuleActionName=a+b~*&CurrentPage=%31&PageSize=20",
    ]

    @Test(arguments: wireQueries)
    func queryIsCanonicalisedFromDecodedValues(raw: String) async throws {
        try await Support.withSimulator { _, endpoint in
            var request = Signed(endpoint: endpoint, key: Support.key)
            request.query = [("PageSize", "20"), ("CurrentPage", "1"), ("RuleActionName", "a b~*")]
            request.rawQuery = raw
            let outcome = try await Signed.outcome(request.v3())
            #expect(outcome == "ok")
        }
    }

    @Test func signedQueryMustBeTheSentQuery() async throws {
        try await Support.withSimulator { _, endpoint in
            var request = Signed(endpoint: endpoint, key: Support.key)
            request.rawQuery = "PageSize=100&CurrentPage=1"
            let outcome = try await Signed.outcome(request.v3())
            #expect(outcome == "400 SignatureDoesNotMatch")
        }
    }

    static let headerCases: [(String, [(String, String)], [(String, String)], String)] = [
        ("extra signed header", [("x-acs-extra", "1"), ("content-type", "application/json")], [], "ok"),
        ("unsigned x-acs header", [], [("x-acs-extra", "1")], "400 IncompleteSignature"),
        ("unsigned other header", [], [("x-custom", "1")], "ok"),
    ]

    @Test(arguments: headerCases)
    func xAcsHeadersMustBeSigned(label: String, signed: [(String, String)], unsigned: [(String, String)], expected: String) async throws {
        try await Support.withSimulator { _, endpoint in
            var request = Signed(endpoint: endpoint, key: Support.key)
            request.signedExtras = signed
            request.unsignedExtras = unsigned
            let outcome = try await Signed.outcome(request.v3())
            #expect(outcome == expected, "\(label)")
        }
    }

    @Test func signedHeaderThatIsNotSent() async throws {
        try await Support.withSimulator { _, endpoint in
            var request = Signed(endpoint: endpoint, key: Support.key).v3()
            let authorization = request.headers.first(name: "Authorization") ?? ""
            request.headers.replaceOrAdd(
                name: "Authorization",
                value: authorization.replacingOccurrences(of: "SignedHeaders=host;", with: "SignedHeaders=accept;host;"))
            let outcome = try await Signed.outcome(request)
            #expect(outcome == "400 IncompleteSignature")
        }
    }

    static let methodCases: [(String, Bool, String)] = [
        ("GET", true, "ok"), ("GET", false, "ok"), ("POST", false, "ok"), ("PUT", true, "400 UnsupportedHTTPMethod"),
    ]

    @Test(arguments: methodCases)
    func httpMethods(method: String, v3: Bool, expected: String) async throws {
        try await Support.withSimulator { _, endpoint in
            var request = Signed(endpoint: endpoint, key: Support.stsKey)
            request.method = method
            let outcome = try await Signed.outcome(v3 ? request.v3() : request.v1())
            #expect(outcome == expected)
        }
    }

    @Test func v1ParametersMayComeInAFormBody() async throws {
        try await Support.withSimulator { _, endpoint in
            let signed = Signed(endpoint: endpoint, key: Support.key).v1()
            // Move the whole query into the body, as form-posting SDKs do.
            let parts = signed.url.split(separator: "?", maxSplits: 1)
            var request = HTTPClientRequest(url: String(parts[0]))
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(Array(parts[1].utf8))
            let outcome = try await Signed.outcome(request)
            #expect(outcome == "ok")
        }
    }

    @Test func otherPathsAreNotFound() async throws {
        try await Support.withSimulator { _, endpoint in
            var request = HTTPClientRequest(url: endpoint.baseURL + "/metrics")
            request.method = .GET
            let outcome = try await Signed.outcome(request)
            #expect(outcome == "404 InvalidAction.NotFound")
        }
    }

    @Test func successHeadersAndShape() async throws {
        try await Support.withSimulator(SimulatorDataSet.generate(count: 3, seed: 5)) { _, endpoint in
            let (status, headers, body) = try await Signed.send(Signed(endpoint: endpoint, key: Support.key).v3())
            let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            #expect(status == 200)
            #expect(headers["content-type"] == "application/json;charset=utf-8")
            #expect(headers["x-acs-request-id"] == object?["RequestId"] as? String)
            #expect(Set(object?.keys.map { $0 } ?? []) == ["RequestId", "PageInfo", "ActionList"])
            let item = (object?["ActionList"] as? [[String: Any]])?.first ?? [:]
            #expect(Set(item.keys).isSuperset(of: [
                "Id", "ActionName", "Status", "DingTalkLang", "IntervalTime", "GroupIdList", "ConfigList", "Url",
                "AliUid", "GmtCreate", "GmtModified",
            ]))
            #expect(item["ConfigList"] is String)
            #expect(item["GroupIdList"] is String)
        }
    }

    struct FaultWire: Sendable {
        var fault: SimulatorFault
        var status: Int
        var contentType: String?
        var bodyStart: String
        var retryAfter: String?
    }

    static let faultWires: [FaultWire] = [
        FaultWire(fault: .throttling(), status: 400, contentType: "application/json;charset=utf-8",
                  bodyStart: #"{"RequestId":""#, retryAfter: "1000"),
        FaultWire(fault: .serverErrorHTML(status: 502), status: 502, contentType: "text/html",
                  bodyStart: "<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title>"),
        FaultWire(fault: .xmlError(), status: 503, contentType: "text/xml;charset=utf-8",
                  bodyStart: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><RequestId>"),
        FaultWire(fault: .emptyBody(status: 504), status: 504, contentType: nil, bodyStart: ""),
        FaultWire(fault: .malformedJSON, status: 200, contentType: "application/json;charset=utf-8",
                  bodyStart: #"{"RequestId":"E2B4C1A0-0000-0000-0000-000000000000","PageInfo":{"CurrentPage":1,,"#),
        FaultWire(fault: .truncatedJSON, status: 200, contentType: "application/json;charset=utf-8",
                  bodyStart: #"{"RequestId":""#),
    ]

    @Test(arguments: faultWires)
    func faultsOnTheWire(_ expected: FaultWire) async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(expected.fault)
            let (status, headers, body) = try await Signed.send(Signed(endpoint: endpoint, key: Support.key).v3())
            #expect(status == expected.status)
            #expect(headers["content-type"] == expected.contentType)
            #expect(headers["x-acs-retry-after"] == expected.retryAfter)
            #expect(String(decoding: body, as: UTF8.self).hasPrefix(expected.bodyStart))
            if expected.bodyStart.isEmpty {
                #expect(body.isEmpty)
                #expect(headers["content-length"] == "0")
            }
            if expected.status == 200 {
                #expect((try? JSONSerialization.jsonObject(with: Data(body))) == nil)
            }
        }
    }

    @Test func truncatedIsHalfAPage() async throws {
        try await Support.withSimulator(SimulatorDataSet(notifications: [], wireQuirks: false)) { simulator, endpoint in
            let whole = try await Signed.send(Signed(endpoint: endpoint, key: Support.key).v3()).body
            simulator.inject(.truncatedJSON)
            let half = try await Signed.send(Signed(endpoint: endpoint, key: Support.key).v3()).body
            // Same length request ids, so the page is the same size: exactly half of it comes.
            #expect(whole.count == 136)
            #expect(half.count == whole.count / 2)
            #expect(Array(half.prefix(14)) == Array(whole.prefix(14)))
        }
    }

    @Test func droppedConnectionGetsNoResponseAtAll() async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(.dropConnection)
            let request = Signed(endpoint: endpoint, key: Support.key).v3()
            // AHC throws from execute, i.e. before any response head arrived.
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            }
            #expect(error == .remoteConnectionClosed)
            #expect(simulator.requestCount == 1)
        }
    }
}
