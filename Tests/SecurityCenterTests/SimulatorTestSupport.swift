import AlibabaCloudCore
import AsyncHTTPClient
import Foundation
import Logging
import SecurityCenter
import SecurityCenterSimulator

/// Shared set-up for the simulator's tests: keys, a quiet logger, a real
/// `RPCClient` pointed at a live simulator on 127.0.0.1.
enum SimulatorTestSupport {
    static let key = SimulatorAccessKey(id: "LTAI5tSimulatorTestKey", secret: "simulator-test-secret-DO-NOT-LEAK")
    static let stsKey = SimulatorAccessKey(
        id: "STS.NSimulatorTestKey", secret: "sts-test-secret-DO-NOT-LEAK", securityToken: "CAIS-sts-token-DO-NOT-LEAK")
    static let action = "DescribeDingTalk"
    static let version = "2018-12-03"

    static let quietLogger = Logger(label: "simulator-test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func credentials(_ key: SimulatorAccessKey) -> Credentials {
        Credentials(accessKeyId: key.id, accessKeySecret: key.secret, securityToken: key.securityToken)
    }

    /// The time-out for requests that must be answered: generous, so a loaded
    /// machine or ThreadSanitizer (5-10x slower) cannot turn an answer into a
    /// `Timeout`. Tests of the time-out itself pass their own, short one.
    static let answerTimeout = Duration.seconds(30)

    static func client(
        _ endpoint: Endpoint, credentials: Credentials = credentials(key), signature: SignatureVersion = .v3,
        retryPolicy: RetryPolicy = .none, requestTimeout: Duration = Self.answerTimeout,
        clock: any Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() },
        nonce: @escaping @Sendable () -> String = { UUID().uuidString },
        random: @escaping @Sendable () -> Double = { 0.5 }
    ) -> RPCClient {
        RPCClient(
            httpClient: HTTPClient.shared,
            configuration: RPCClientConfiguration(
                endpoint: endpoint, signatureVersion: signature, requestTimeout: requestTimeout, retryPolicy: retryPolicy),
            credentials: StaticCredentialsProvider(credentials), logger: quietLogger,
            clock: clock, now: now, nonce: nonce, random: random)
    }

    /// A live simulator with the test keys, for the duration of `body`.
    static func withSimulator<T: Sendable>(
        _ dataSet: SimulatorDataSet = SimulatorDataSet.generate(count: 45, seed: 7),
        now: @escaping @Sendable () -> Date = { Date() },
        _ body: (SecurityCenterSimulator, Endpoint) async throws -> T
    ) async throws -> T {
        try await SecurityCenterSimulator.withRunning(
            dataSet: dataSet, accessKeys: [key, stsKey], logger: quietLogger, now: now, body)
    }

    static func securityCenter(
        _ endpoint: Endpoint, credentials: Credentials = credentials(key), signature: SignatureVersion = .v3,
        pageSize: Int = 20, ruleActionName: String? = nil, maxPages: Int = 1000, requestTimeout: Duration = Self.answerTimeout
    ) -> SecurityCenterClient {
        SecurityCenterClient(
            rpc: client(endpoint, credentials: credentials, signature: signature, requestTimeout: requestTimeout),
            pageSize: pageSize, ruleActionName: ruleActionName, maxPages: maxPages)
    }

    /// What a correct client decodes from a simulated notification.
    static func expected(_ n: SimulatedNotification) -> DingTalkNotification {
        DingTalkNotification(
            id: n.id, name: n.name, status: n.status, language: n.language, intervalMinutes: Int64(n.intervalMinutes),
            groupIds: n.groupIds.map(String.init), alertTypes: n.alertTypes, webhookHash: SecretHash(of: n.webhookURL), aliUid: n.aliUid,
            gmtCreateMilliseconds: n.gmtCreateMilliseconds, gmtModifiedMilliseconds: n.gmtModifiedMilliseconds)
    }

    /// One `DescribeDingTalk` page through `client`.
    static func describe(_ client: RPCClient, page: Int = 1, pageSize: Int? = 20, extra: [(String, String)] = []) async throws -> RPCResponse {
        var parameters = [("CurrentPage", "\(page)")]
        if let pageSize { parameters.append(("PageSize", "\(pageSize)")) }
        return try await client.call(action: action, version: version, parameters: parameters + extra)
    }

    /// The top-level JSON object of a body.
    static func json(_ response: RPCResponse) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw NotAnObject()
        }
        return object
    }

    struct NotAnObject: Error {}
}
