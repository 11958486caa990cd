import AlibabaCloudCore
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers

/// A simulated ECS metadata service and STS on one loopback port, for tests
/// of every credentials provider and the end-to-end token rotation test.
///
/// Metadata: `PUT /latest/api/token` (IMDSv2 session tokens),
/// `GET /latest/meta-data/ram/security-credentials/[role]`.
/// STS (2015-04-01, `POST /`): `AssumeRole`, whose V1 signature is checked
/// against `baseKeys`, and `AssumeRoleWithOIDC`, which records the token it
/// was shown. Every issue of temporary credentials mints a fresh key and
/// tells `onIssue` (the e2e test registers it with the Security Center
/// simulator and revokes the previous one).
public final class SimulatedCredentialsService: Sendable {
    public struct Configuration: Sendable {
        /// The instance's RAM role; nil: no role attached (the listing is empty).
        public var roleName: String? = "sas-exporter-role"
        /// Refuse metadata reads without a valid IMDSv2 token (401), as an instance with IMDSv2 enforced.
        public var requireIMDSv2 = false
        /// nil: serve IMDSv2 tokens; else answer the token request with this status (an old or blocking service).
        public var tokenRequestStatus: Int?
        /// Issued credentials expire this long after they are issued.
        public var lifetime: TimeInterval = 3600
        /// Keys allowed to sign `AssumeRole`.
        public var baseKeys: [SimulatorAccessKey] = []
        /// Roles that exist; `AssumeRole(WithOIDC)` of any other answers `EntityNotExist.Role`.
        public var roleArns: Set<String> = []
        public init() {}
    }

    /// One request as the service saw it: enough for tests to check the flow.
    public struct Record: Sendable {
        public var method: String
        public var path: String
        /// `Action` for STS requests.
        public var action: String?
        /// The IMDSv2 session token sent, if any.
        public var metadataToken: String?
        /// The TTL header of a token request.
        public var tokenTTL: String?
        /// The OIDC token presented to `AssumeRoleWithOIDC`.
        public var oidcToken: String?
        /// Every decoded query and form parameter.
        public var parameters: [String: String]
        public var status: Int
    }

    struct State: Sendable {
        var configuration: Configuration
        var records: [Record] = []
        var metadataTokens: Set<String> = []
        var issued: [SimulatorAccessKey] = []
        /// Queued error answers (status, code) for the next credential-issuing requests.
        var failures: [(status: Int, code: String)] = []
        var counter = 0
    }

    let state: NIOLockedValueBox<State>
    let now: @Sendable () -> Date
    let onIssue: @Sendable (_ issued: SimulatorAccessKey, _ previous: SimulatorAccessKey?) -> Void
    private let logger: Logger

    public init(
        configuration: Configuration = Configuration(), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "simulator.credentials"),
        onIssue: @escaping @Sendable (_ issued: SimulatorAccessKey, _ previous: SimulatorAccessKey?) -> Void = { _, _ in }
    ) {
        state = NIOLockedValueBox(State(configuration: configuration))
        self.now = now
        self.logger = logger
        self.onIssue = onIssue
    }

    // MARK: - Control

    public func configure(_ change: (inout Configuration) -> Void) {
        state.withLockedValue { change(&$0.configuration) }
    }

    /// The next `times` credential-issuing requests (metadata credential reads, STS calls) fail with `code`.
    public func failNext(status: Int = 500, code: String = "InternalError", times: Int = 1) {
        state.withLockedValue { $0.failures += Array(repeating: (status, code), count: max(0, times)) }
    }

    public func clearFailures() {
        state.withLockedValue { $0.failures.removeAll() }
    }

    public var records: [Record] { state.withLockedValue { $0.records } }

    /// Every key issued so far, oldest first.
    public var issued: [SimulatorAccessKey] { state.withLockedValue { $0.issued } }

    // MARK: - Serving

    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .warning)
        let app = Application(
            responder: SimulatorResponder(reply: { await self.reply(to: $0) }),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: serverLogger)
        try await app.run()
    }

    /// Runs the service for the length of `body`, which gets its `http://127.0.0.1:PORT` endpoint.
    public func withRunning<T: Sendable>(_ body: (Endpoint) async throws -> T) async throws -> T {
        try await LoopbackServing.withRunning(logger: logger, serve: { try await self.run(onListening: $0) }, body)
    }

    // MARK: - Issuing

    /// A fresh temporary key, registered as issued; tells `onIssue` outside the lock.
    func issue() -> SimulatorAccessKey {
        let now = self.now()
        let (key, previous) = state.withLockedValue { state -> (SimulatorAccessKey, SimulatorAccessKey?) in
            state.counter += 1
            let n = state.counter
            // Whole seconds: the wire format has no fraction, and the client must see the same instant.
            let expiration = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + state.configuration.lifetime).rounded(.down))
            let key = SimulatorAccessKey(
                id: "STS.simulated-\(n)", secret: "simulated-secret-\(n)-\(UUID().uuidString)",
                securityToken: "simulated-token-\(n)-\(UUID().uuidString)", expiration: expiration)
            let previous = state.issued.last
            state.issued.append(key)
            return (key, previous)
        }
        onIssue(key, previous)
        return key
    }

    /// The queued failure for this request, if any.
    func takeFailure() -> (status: Int, code: String)? {
        state.withLockedValue { $0.failures.isEmpty ? nil : $0.failures.removeFirst() }
    }
}

extension SimulatedCredentialsService: CustomStringConvertible, CustomReflectable {
    public var description: String { "SimulatedCredentialsService()" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
