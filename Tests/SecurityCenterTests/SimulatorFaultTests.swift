import AlibabaCloudCore
import Foundation
import SecurityCenter
import SecurityCenterSimulator
import Testing

/// Every fault mode, seen through the real `RPCClient` with retries off, so
/// the exact code of the one attempt is what the test sees.
@Suite struct SimulatorFaultTests {
    typealias Support = SimulatorTestSupport

    struct Case: Sendable, CustomTestStringConvertible {
        var fault: SimulatorFault
        var code: String
        var status: Int?
        var retryAfter: Duration? = nil
        var testDescription: String { code + " from \(fault)" }
    }

    static let errorCases: [Case] = [
        Case(fault: .throttling(), code: "Throttling.User", status: 400, retryAfter: .milliseconds(1000)),
        Case(fault: .throttling(code: "Throttling.Api", status: 429, retryAfterMilliseconds: nil), code: "Throttling.Api", status: 429),
        Case(fault: .throttling(code: "Throttling", status: 400, retryAfterMilliseconds: 250), code: "Throttling", status: 400, retryAfter: .milliseconds(250)),
        Case(fault: .noPermission, code: "NoPermission", status: 403),
        Case(fault: .serverErrorHTML(), code: "HTTP500", status: 500),
        Case(fault: .serverErrorHTML(status: 504), code: "HTTP504", status: 504),
        Case(fault: .malformedJSON, code: "InvalidResponse", status: 200),
        Case(fault: .truncatedJSON, code: "InvalidResponse", status: 200),
        Case(fault: .emptyBody(), code: "HTTP502", status: 502),
        Case(fault: .xmlError(), code: "ServiceUnavailable", status: 503),
        Case(fault: .xmlError(code: "ServerError", status: 500), code: "ServerError", status: 500),
        Case(fault: .dropConnection, code: "ConnectionFailed", status: nil),
    ]

    /// Through `SecurityCenterClient`, which decodes inside the attempt, so
    /// bodies that do not parse are `InvalidResponse` like the exporter sees them.
    @Test(arguments: errorCases, SignatureVersion.allCases)
    func faultIsSeenWithItsExactCode(_ testCase: Case, signature: SignatureVersion) async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(testCase.fault)
            let client = Support.securityCenter(endpoint, signature: signature)
            let error = await #expect(throws: APIError.self) { try await client.describeDingTalk(page: 1) }
            #expect(error?.code == testCase.code)
            #expect(error?.httpStatus == testCase.status)
            #expect(error?.retryAfter == testCase.retryAfter)
            #expect(error?.message.contains(Support.key.secret) == false)
            #expect(simulator.pendingFaults == [])
            // The fault is used up: the next request is answered normally.
            let next = try await client.describeDingTalk(page: 1)
            #expect(next.notifications.count == 20)
            #expect(simulator.requestCount == 2)
        }
    }

    @Test func slowBeyondTheTimeOutIsTimeout() async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(.slow(.seconds(3)))
            let client = Support.client(endpoint, requestTimeout: .milliseconds(300))
            let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
            #expect(error?.code == "Timeout")
            #expect(error?.httpStatus == nil)
        }
    }

    @Test func slowWithinTheTimeOutSucceeds() async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(.slow(.milliseconds(200)))
            let client = Support.client(endpoint, requestTimeout: .seconds(5))
            let started = ContinuousClock.now
            let response = try await Support.describe(client)
            #expect(response.status == 200)
            // Behaviour, not speed: the fault must really delay the answer (a sleep never ends early).
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }

    @Test func faultsAreServedInOrderAndCleared() async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(.noPermission)
            simulator.inject(.emptyBody(status: 503), times: 2)
            simulator.inject(.throttling())
            #expect(simulator.pendingFaults == [.noPermission, .emptyBody(status: 503), .emptyBody(status: 503), .throttling()])
            let client = Support.client(endpoint)
            var codes: [String] = []
            for _ in 0..<3 {
                do { _ = try await Support.describe(client) } catch let error as APIError { codes.append(error.code) }
            }
            #expect(codes == ["NoPermission", "HTTP503", "HTTP503"])
            simulator.clearFaults()
            #expect(simulator.pendingFaults == [])
            let response = try await Support.describe(client)
            #expect(response.status == 200)
        }
    }

    @Test func refusedRequestsDoNotUseFaults() async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(.noPermission)
            let forged = Support.client(endpoint, credentials: Credentials(accessKeyId: Support.key.id, accessKeySecret: "x"))
            let error = await #expect(throws: APIError.self) { try await Support.describe(forged) }
            #expect(error?.code == "SignatureDoesNotMatch")
            #expect(simulator.pendingFaults == [.noPermission])
        }
    }

    @Test func throttledOnceThenSucceedsWithRetries() async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(.throttling())
            let clock = SimulatorRecordingClock()
            let client = Support.client(
                endpoint, retryPolicy: RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(1)), clock: clock,
                random: { 0 })
            let response = try await Support.describe(client)
            #expect(response.status == 200)
            #expect(simulator.requestCount == 2)
            // Jitter 0, so the only wait is the server's x-acs-retry-after.
            #expect(clock.sleeps == [.milliseconds(1000)])
        }
    }

    @Test func retriesGiveUpAfterMaxRetries() async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(.xmlError(), times: 5)
            let clock = SimulatorRecordingClock()
            let client = Support.client(
                endpoint, retryPolicy: RetryPolicy(maxRetries: 3, baseDelay: .milliseconds(100)), clock: clock,
                random: { 1 })
            let error = await #expect(throws: APIError.self) { try await Support.describe(client) }
            #expect(error?.code == "ServiceUnavailable")
            #expect(simulator.requestCount == 4)
            #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
            #expect(simulator.pendingFaults == [.xmlError()])
        }
    }

    @Test(arguments: [SimulatorFault.noPermission, .throttling(code: "SignatureDoesNotMatch", status: 400, retryAfterMilliseconds: nil)])
    func permanentErrorsAreNotRetried(_ fault: SimulatorFault) async throws {
        try await Support.withSimulator { simulator, endpoint in
            simulator.inject(fault, times: 4)
            let client = Support.client(endpoint, retryPolicy: RetryPolicy(maxRetries: 3), clock: SimulatorRecordingClock())
            _ = await #expect(throws: APIError.self) { try await Support.describe(client) }
            #expect(simulator.requestCount == 1)
        }
    }
}
