import AlibabaCloudCore
import Foundation
import Hummingbird
import ServiceLifecycle
import Logging
import NIOConcurrencyHelpers

/// A simulated Alibaba Cloud Security Center that answers `DescribeDingTalk`
/// (Sas 2018-12-03) on a loopback port, for `--demo`, tests and benchmarks.
///
/// It checks V3 and V1 signatures, time stamps, nonces and STS tokens like the
/// service, pages through a data set, and plays queued faults. Everything can
/// be changed while it serves: the data set between polls, the fault queue
/// between requests.
///
/// Parameters: `CurrentPage` (default 1, values below 1 read as 1),
/// `PageSize` (default 20, clamped to 1...100), `RuleActionName` (keeps the
/// notifications whose name CONTAINS it, byte for byte, case-sensitive; empty
/// means no filter). Non-integer page parameters get 400 `InvalidParameter`.
public final class SecurityCenterSimulator: Sendable {
    public static let defaultPageSize = 20
    public static let maximumPageSize = 100

    private struct State: Sendable {
        var dataSet: SimulatorDataSet
        /// `ActionList` entries pre-rendered, index for index with `dataSet.notifications`.
        var wireItems: [String]
        var faults: [SimulatorFault] = []
        var requestCount = 0
        var nonces = NonceCache()
        var accessKeys: [String: SimulatorAccessKey]
        /// Requests refused before reaching the API, by error code.
        var refusals: [String: Int] = [:]
    }

    private let state: NIOLockedValueBox<State>
    private let host: String
    private let port: Int
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// `nonceCapacity`: signature nonces remembered against replays (see
    /// `NonceCache`); the default holds a busy 15-minute window, about 30 MB
    /// when full.
    public init(
        dataSet: SimulatorDataSet, accessKeys: [SimulatorAccessKey], host: String = "127.0.0.1", port: Int = 0,
        logger: Logger = Logger(label: "simulator"), now: @escaping @Sendable () -> Date = { Date() },
        nonceCapacity: Int = NonceCache.defaultCapacity
    ) {
        state = NIOLockedValueBox(State(
            dataSet: dataSet, wireItems: Self.render(dataSet), nonces: NonceCache(capacity: nonceCapacity),
            accessKeys: RequestAuthenticator.index(accessKeys)))
        self.host = host
        self.port = port
        self.logger = logger
        self.now = now
    }

    // MARK: - Control

    /// Queues `fault` for the next `times` authenticated `DescribeDingTalk`
    /// requests, after whatever is queued already (FIFO). Requests refused by
    /// authentication do not use faults up.
    public func inject(_ fault: SimulatorFault, times: Int = 1) {
        guard times > 0 else { return }
        state.withLockedValue { $0.faults += Array(repeating: fault, count: times) }
    }

    public func clearFaults() {
        state.withLockedValue { $0.faults.removeAll() }
    }

    /// The faults still queued, next first.
    public var pendingFaults: [SimulatorFault] {
        state.withLockedValue { $0.faults }
    }

    /// Replaces the data set; requests from now on see the new one.
    public func setDataSet(_ dataSet: SimulatorDataSet) {
        // Render outside the lock: a large set takes a while.
        let wireItems = Self.render(dataSet)
        state.withLockedValue {
            $0.dataSet = dataSet
            $0.wireItems = wireItems
        }
    }

    /// Accepts `key` from now on (an STS token just issued, a rotated key).
    public func addAccessKey(_ key: SimulatorAccessKey) {
        state.withLockedValue { $0.accessKeys[key.id] = key }
    }

    /// Refuses the key from now on (`InvalidAccessKeyId.NotFound`), as when a
    /// key is deleted or an old STS token is superseded.
    public func revokeAccessKey(id: String) {
        _ = state.withLockedValue { $0.accessKeys.removeValue(forKey: id) }
    }

    /// Requests refused by authentication (bad signature, unknown or revoked
    /// key, expired token, ...) so far, by error code.
    public var refusals: [String: Int] {
        state.withLockedValue { $0.refusals }
    }

    public var dataSet: SimulatorDataSet {
        state.withLockedValue { $0.dataSet }
    }

    /// The data set and its rendered items, for one page (copy-on-write: cheap).
    var currentItems: (notifications: [SimulatedNotification], wireItems: [String]) {
        state.withLockedValue { ($0.dataSet.notifications, $0.wireItems) }
    }

    /// Changes the data set in place, atomically: a request sees it before
    /// or after, never half changed. For small edits (the admin routes).
    public func modifyDataSet<T: Sendable>(_ change: (inout SimulatorDataSet) -> T) -> T {
        state.withLockedValue { state in
            let result = change(&state.dataSet)
            state.wireItems = Self.render(state.dataSet)
            return result
        }
    }

    /// Requests received, whatever their outcome.
    public var requestCount: Int {
        state.withLockedValue { $0.requestCount }
    }

    // MARK: - Serving

    /// Serves until the calling task is cancelled. `onListening` gets the
    /// bound port (the real one when `port` was 0) once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var serverLogger = logger
        // Hummingbird's own start-up lines would read like the exporter's; keep only its warnings.
        serverLogger.logLevel = max(logger.logLevel, .warning)
        let configuredPort = port
        let logger = logger
        let app = Application(
            responder: SimulatorResponder(reply: { await self.reply(to: $0) }),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let boundPort = channel.localAddress?.port ?? configuredPort
                logger.info("Simulated Security Center listening", metadata: ["port": "\(boundPort)"])
                await onListening(boundPort)
            },
            logger: serverLogger)
        try await app.run()
    }

    // MARK: - Answering

    /// The answer to one request. Internal so it can be tested without sockets.
    func reply(to request: IncomingRequest) async -> SimulatorReply {
        if request.path.hasPrefix(Self.adminPathPrefix) { return adminReply(to: request, now: now()) }
        state.withLockedValue { $0.requestCount += 1 }
        let requestId = UUID().uuidString
        let hostId = request.host.isEmpty ? "tds.aliyuncs.com" : request.host
        var metadata: Logger.Metadata = ["request_id": "\(requestId)", "method": "\(request.method)"]
        // The key id the request claims (not a secret), so refused requests can be traced too.
        if let claimed = RequestAuthenticator.claimedAccessKeyId(request) { metadata["access_key_id"] = "\(claimed)" }

        let reply: SimulatorReply
        do {
            guard request.path == "/" else { throw ServiceError.invalidAction }
            guard request.method == "POST" || request.method == "GET" else { throw ServiceError.unsupportedMethod }
            let now = self.now()
            let authenticator = state.withLockedValue { RequestAuthenticator(keys: $0.accessKeys) }
            let authenticated: AuthenticatedRequest
            do {
                authenticated = try authenticator.authenticate(request, now: now)
            } catch {
                state.withLockedValue { $0.refusals[error.code, default: 0] += 1 }
                throw error
            }
            metadata["action"] = "\(authenticated.action)"
            metadata["access_key_id"] = "\(authenticated.accessKeyId)"
            metadata["signature"] = "\(authenticated.algorithm.rawValue)"
            metadata["page"] = "\(authenticated.parameter("CurrentPage") ?? "1")"
            let fault = try state.withLockedValue { state throws(ServiceError) -> SimulatorFault? in
                guard state.nonces.use(nonce: authenticated.nonce, accessKeyId: authenticated.accessKeyId,
                                       requestDate: authenticated.date, now: now)
                else { throw ServiceError.nonceUsed }
                return state.faults.isEmpty ? nil : state.faults.removeFirst()
            }
            reply = try await answer(authenticated, fault: fault, requestId: requestId, hostId: hostId)
        } catch let error as ServiceError {
            reply = .json(WireFormat.error(error, requestId: requestId, hostId: hostId),
                          status: error.status, headers: [("x-acs-request-id", requestId)], outcome: error.code)
        } catch {
            // Only cancellation gets here (a slow answer cut short by shutdown).
            reply = SimulatorReply(status: 503, headers: [], body: .empty, outcome: "cancelled")
        }
        metadata["outcome"] = "\(reply.outcome)"
        metadata["status"] = "\(reply.status)"
        logger.debug("Simulator request", metadata: metadata)
        return reply
    }

    static func integer(_ value: String?, name: String) throws(ServiceError) -> Int? {
        guard let value else { return nil }
        guard let number = Int(value) else { throw .invalidParameter(name) }
        return number
    }

    private static func render(_ dataSet: SimulatorDataSet) -> [String] {
        dataSet.notifications.map { WireFormat.item($0, quirks: dataSet.wireQuirks) }
    }
}
