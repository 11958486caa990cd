import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import AlibabaCloudCore
import Testing

/// The RPC client against a scripted loopback HTTP server.
@Suite struct RPCClientTests {
    static let secret = "super-secret-key"
    static let token = "sts-token-value"
    static let okBody = #"{"RequestId":"R-ok","PageInfo":{"TotalCount":0},"ActionList":[]}"#

    struct Harness {
        let client: RPCClient
        let server: LoopbackServer
        let observer: RecordingObserver
        let clock: TestClock
        let logs: CapturingLogHandler.Store
    }

    static func harness(
        _ replies: [LoopbackServer.Reply], signature: SignatureVersion = .v3, token: String? = nil,
        retry: RetryPolicy = RetryPolicy(), timeout: Duration = .seconds(30), maxBytes: Int = 1 << 20,
        credentials: (any CredentialsProvider)? = nil, port: Int? = nil, httpClient: HTTPClient = .shared,
        rateLimit: Double? = nil
    ) throws -> Harness {
        let server = try LoopbackServer(replies: replies)
        let observer = RecordingObserver()
        let clock = TestClock()
        let (logger, logs) = CapturingLogHandler.logger()
        let counter = NIOLockedValueBox(0)
        let client = RPCClient(
            httpClient: httpClient,
            configuration: RPCClientConfiguration(
                endpoint: Endpoint(scheme: "http", host: "127.0.0.1", port: port ?? server.port),
                signatureVersion: signature, requestTimeout: timeout, maxResponseBytes: maxBytes, retryPolicy: retry,
                userAgent: "test-agent", rateLimit: rateLimit),
            credentials: credentials ?? StaticCredentialsProvider(
                Credentials(accessKeyId: "AKID", accessKeySecret: secret, securityToken: token)),
            observer: observer, logger: logger, clock: clock,
            now: { Date(timeIntervalSince1970: 1_767_323_045) },
            nonce: { "nonce-\(counter.withLockedValue { $0 += 1; return $0 })" },
            random: { 0.5 })
        return Harness(client: client, server: server, observer: observer, clock: clock, logs: logs)
    }

    static let params = [("CurrentPage", "1"), ("PageSize", "20")]

    @Test func v3RequestIsSignedAndVerifiable() async throws {
        let h = try Self.harness([.http(200, Self.okBody, headers: [("x-acs-request-id", "R-header")])], token: Self.token)
        defer { h.server.stop() }
        let response = try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        #expect(response.status == 200)
        #expect(response.body == Array(Self.okBody.utf8))
        #expect(response.requestId == "R-header")

        let request = try #require(h.server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/?CurrentPage=1&PageSize=20")
        #expect(request.header("x-acs-date") == "2026-01-02T03:04:05Z")
        #expect(request.header("x-acs-signature-nonce") == "nonce-1")
        #expect(request.header("x-acs-security-token") == Self.token)
        #expect(request.header("user-agent") == "test-agent")
        #expect(request.header("host") == "127.0.0.1:\(h.server.port)")
        // Verify as the service would: re-sign the received signed headers.
        let authorization = try #require(request.header("authorization"))
        let signedNames = try #require(authorization.split(separator: ",").first { $0.hasPrefix("SignedHeaders=") })
            .dropFirst("SignedHeaders=".count).split(separator: ";").map(String.init)
        let signed = signedNames.compactMap { name in request.header(name).map { (name, $0) } }
        #expect(signed.count == signedNames.count)
        let expected = SignerV3(accessKeyId: "AKID", accessKeySecret: Self.secret).sign(
            method: "POST", path: "/", query: request.query, headers: signed, hashedPayload: SignerV3.hashedPayload([]))
        #expect(expected.authorization == authorization)
        #expect(h.observer.codes == [nil])
    }

    @Test func v1RequestIsSignedAndVerifiable() async throws {
        let h = try Self.harness([.http(200, Self.okBody)], signature: .v1, token: Self.token)
        defer { h.server.stop() }
        _ = try await h.client.call(
            action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params + [("RuleActionName", "a b*~")])
        let request = try #require(h.server.requests.first)
        #expect(request.header("authorization") == nil)
        let query = request.query
        let names = query.map(\.0)
        #expect(names == ["Action", "Format", "Version", "Timestamp", "SignatureNonce", "SignatureMethod",
                          "SignatureVersion", "AccessKeyId", "SecurityToken", "CurrentPage", "PageSize",
                          "RuleActionName", "Signature"])
        #expect(request.target.contains("RuleActionName=a%20b%2A~"))
        let signature = try #require(query.last?.1)
        let expected = SignerV1(accessKeySecret: Self.secret).sign(method: "POST", parameters: Array(query.dropLast()))
        #expect(expected.signature == signature)
    }

    @Test func retriesTransientErrorsWithFreshNoncesAndHonoursRetryAfter() async throws {
        let h = try Self.harness([
            .http(503, #"{"Code":"ServiceUnavailable","Message":"busy","RequestId":"R1"}"#,
                  headers: [("x-acs-retry-after", "1500")]),
            .http(500, "<html><body>oops</body></html>"),
            .http(200, Self.okBody),
        ])
        defer { h.server.stop() }
        _ = try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        #expect(h.observer.codes == ["ServiceUnavailable", "HTTP500", nil])
        #expect(h.observer.recorded.allSatisfy { $0.action == "DescribeDingTalk" })
        // Retry 1: max(0.5 * 200ms, 1500ms retry-after); retry 2: 0.5 * 400ms.
        #expect(h.clock.sleeps == [.milliseconds(1_500), .milliseconds(200)])
        let nonces = h.server.requests.compactMap { $0.header("x-acs-signature-nonce") }
        #expect(nonces == ["nonce-1", "nonce-2", "nonce-3"])
        #expect(h.logs.all.contains("ServiceUnavailable"))
    }

    @Test func doesNotRetryNoPermission() async throws {
        let h = try Self.harness([
            .http(403, #"{"Code":"NoPermission","Message":"denied","RequestId":"R-np"}"#), .http(200, Self.okBody),
        ])
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "NoPermission")
        #expect(error?.httpStatus == 403)
        #expect(error?.requestId == "R-np")
        #expect(h.server.requests.count == 1)
        #expect(h.observer.codes == ["NoPermission"])
        #expect(h.clock.sleeps.isEmpty)
    }

    @Test func givesUpAfterMaxRetries() async throws {
        let throttled = LoopbackServer.Reply.http(400, #"{"Code":"Throttling.User","Message":"slow"}"#)
        let h = try Self.harness([throttled, throttled, throttled, .http(200, Self.okBody)], retry: RetryPolicy(maxRetries: 2))
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "Throttling.User")
        #expect(h.observer.codes == ["Throttling.User", "Throttling.User", "Throttling.User"])
        #expect(h.clock.sleeps.count == 2)
    }

    // A hang fails by the time limit; time taken is for benchmarks, not assertions.
    @Test(.timeLimit(.minutes(1))) func slowAnswerTimesOut() async throws {
        let h = try Self.harness([.http(200, Self.okBody, delay: .seconds(10))], retry: .none, timeout: .milliseconds(300))
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "Timeout")
        #expect(h.observer.codes == ["Timeout"])
    }

    /// A head that arrives in time followed by a body that never completes
    /// must time out too: AHC's deadline alone stops at the head.
    // A hang fails by the time limit; time taken is for benchmarks, not assertions.
    @Test(.timeLimit(.minutes(1))) func stalledBodyTimesOut() async throws {
        let h = try Self.harness(
            [.raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":", holdOpen: .seconds(10))],
            retry: .none, timeout: .milliseconds(300))
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "Timeout")
    }

    /// With the recommended HTTP client configuration a refused connection
    /// fails at once, attempt after attempt.
    // A hang fails by the time limit; time taken is for benchmarks, not assertions.
    @Test(.timeLimit(.minutes(1))) func refusedConnectionIsConnectionFailedAndRetried() async throws {
        let (port, release) = try LoopbackServer.refusingPort()
        defer { release() }
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: RPCClient.recommendedHTTPClientConfiguration())
        let h = try Self.harness(
            [], retry: RetryPolicy(maxRetries: 1), timeout: .seconds(5), port: port, httpClient: httpClient)
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "ConnectionFailed")
        #expect(h.observer.codes == ["ConnectionFailed", "ConnectionFailed"])
        try await httpClient.shutdown()
    }

    /// With AHC's defaults it keeps trying to connect until the attempt's
    /// time is up; the attempt still ends in bounded time as a failure
    /// (`ConnectionFailed` when AHC reports its last connect error, which
    /// depends on its internal timing, `Timeout` otherwise).
    // A hang fails by the time limit; time taken is for benchmarks, not assertions.
    @Test(.timeLimit(.minutes(1))) func refusedConnectionWithDefaultHTTPClientEndsInTime() async throws {
        let (port, release) = try LoopbackServer.refusingPort()
        defer { release() }
        let h = try Self.harness([], retry: .none, timeout: .milliseconds(500), port: port)
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "ConnectionFailed" || error?.code == "Timeout")
    }

    @Test(arguments: [
        LoopbackServer.Reply.drop,
        .raw("HTTP/1.1 200 OK\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"RequestId\":\"x\""),
    ])
    func cutConnectionIsConnectionFailed(_ reply: LoopbackServer.Reply) async throws {
        let h = try Self.harness([reply], retry: .none)
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "ConnectionFailed")
    }

    @Test(arguments: [false, true])
    func oversizedBodyIsInvalidResponse(chunked: Bool) async throws {
        let big = String(repeating: "x", count: 5_000)
        let reply: LoopbackServer.Reply = chunked
            ? .raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "3e8\r\n\(String(big.prefix(1000)))\r\n" + "3e8\r\n\(String(big.prefix(1000)))\r\n0\r\n\r\n")
            : .http(200, big)
        let h = try Self.harness([reply], retry: RetryPolicy(maxRetries: 3), maxBytes: 1_500)
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "InvalidResponse")
        #expect(h.observer.codes == ["InvalidResponse"])
    }

    /// A huge error page is read only far enough to classify it: it stays
    /// `HTTP503` (retryable), not `InvalidResponse`.
    @Test func hugeErrorPageStaysAnHTTPStatus() async throws {
        let page = "<html><body>" + String(repeating: "busy ", count: 100_000) + "</body></html>"
        let h = try Self.harness([.http(503, page), .http(200, Self.okBody)], maxBytes: 1 << 20)
        defer { h.server.stop() }
        let response = try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        #expect(response.status == 200)
        #expect(h.observer.codes == ["HTTP503", nil])
    }

    @Test func credentialFailureIsNotRetriedAndSendsNothing() async throws {
        let h = try Self.harness([.http(200, Self.okBody)], credentials: EnvironmentCredentialsProvider(environment: [:]))
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "CredentialsUnavailable")
        #expect(error?.message.contains("ALIBABA_CLOUD_ACCESS_KEY_ID") == true)
        #expect(h.server.requests.isEmpty)
        #expect(h.observer.codes == ["CredentialsUnavailable"])
    }

    @Test func decodeFailureFailsTheAttempt() async throws {
        let h = try Self.harness([.http(200, "not json", headers: [("x-acs-request-id", "R-d")])])
        defer { h.server.stop() }
        struct Bad: Error {}
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params) { _ -> Int in
                throw Bad()
            }
        }
        #expect(error?.code == "InvalidResponse")
        #expect(error?.httpStatus == 200)
        #expect(error?.requestId == "R-d")
        #expect(h.observer.codes == ["InvalidResponse"])
        #expect(h.server.requests.count == 1)
    }

    // A hang fails by the time limit; time taken is for benchmarks, not assertions.
    @Test(.timeLimit(.minutes(1))) func cancellationStopsRetryingPromptly() async throws {
        let slow = LoopbackServer.Reply.http(503, #"{"Code":"ServiceUnavailable"}"#, delay: .seconds(1))
        let h = try Self.harness([slow, slow, slow, slow], timeout: .seconds(30))
        defer { h.server.stop() }
        let result = await withTaskGroup(of: Result<RPCResponse, any Error>.self) { group in
            group.addTask {
                do {
                    return .success(try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params))
                } catch {
                    return .failure(error)
                }
            }
            // Cancel while the first attempt is in flight at the server.
            for _ in 0..<500 where h.server.requests.isEmpty { try? await Task.sleep(for: .milliseconds(10)) }
            group.cancelAll()
            return await group.next() ?? .failure(CancellationError())
        }
        #expect(throws: APIError(code: "Cancelled", message: "request cancelled")) { try result.get() }
        // No retry after the cancellation (each attempt would reach the server).
        #expect(h.server.requests.count == 1)
    }

    @Test(arguments: SignatureVersion.allCases)
    func secretsNeverReachErrorsOrLogs(_ version: SignatureVersion) async throws {
        // The service quotes its string to sign, which (with STS) holds the token.
        let echo = #"{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3D\#(Self.token)%26Secret%3D\#(Self.secret)"}"#
        let h = try Self.harness([.http(400, echo)], signature: version, token: Self.token)
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "DescribeDingTalk", version: "2018-12-03", parameters: Self.params)
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        let request = try #require(h.server.requests.first)
        let signature = version == .v3
            ? String(request.header("authorization")?.split(separator: "=").last ?? "")
            : request.rawQuery.last?.1 ?? ""
        #expect(!signature.isEmpty)
        let texts = [error.map { "\($0)" } ?? "", h.logs.all] + h.observer.recorded.map { "\($0.error.map { "\($0)" } ?? "")" }
        for text in texts {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
            #expect(!text.contains(signature))
        }
        // The final failure is the caller's to log: the client adds no second line.
        #expect(!h.logs.all.contains("SignatureDoesNotMatch"))
    }
}
