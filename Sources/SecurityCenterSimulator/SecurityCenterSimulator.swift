import AlibabaCloudCore
import Foundation
import Hummingbird
import ServiceLifecycle
import Logging
import Synchronization

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
    }

    private let state: Mutex<State>
    private let authenticator: RequestAuthenticator
    private let host: String
    private let port: Int
    private let logger: Logger
    private let now: @Sendable () -> Date

    public init(
        dataSet: SimulatorDataSet, accessKeys: [SimulatorAccessKey], host: String = "127.0.0.1", port: Int = 0,
        logger: Logger = Logger(label: "simulator"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        state = Mutex(State(dataSet: dataSet, wireItems: Self.render(dataSet)))
        authenticator = RequestAuthenticator(accessKeys: accessKeys)
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
        state.withLock { $0.faults += Array(repeating: fault, count: times) }
    }

    public func clearFaults() {
        state.withLock { $0.faults.removeAll() }
    }

    /// The faults still queued, next first.
    public var pendingFaults: [SimulatorFault] {
        state.withLock { $0.faults }
    }

    /// Replaces the data set; requests from now on see the new one.
    public func setDataSet(_ dataSet: SimulatorDataSet) {
        // Render outside the lock: a large set takes a while.
        let wireItems = Self.render(dataSet)
        state.withLock {
            $0.dataSet = dataSet
            $0.wireItems = wireItems
        }
    }

    public var dataSet: SimulatorDataSet {
        state.withLock { $0.dataSet }
    }

    /// The data set and its rendered items, for one page (copy-on-write: cheap).
    var currentItems: (notifications: [SimulatedNotification], wireItems: [String]) {
        state.withLock { ($0.dataSet.notifications, $0.wireItems) }
    }

    /// Requests received, whatever their outcome.
    public var requestCount: Int {
        state.withLock { $0.requestCount }
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
            responder: SimulatorResponder(simulator: self),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let boundPort = channel.localAddress?.port ?? configuredPort
                logger.info("Simulated Security Center listening", metadata: ["port": "\(boundPort)"])
                await onListening(boundPort)
            },
            logger: serverLogger)
        try await app.run()
    }

    /// Starts a simulator, waits until it listens, runs `body` with it and its
    /// endpoint (`http://127.0.0.1:PORT`), then stops it. Errors of `body`
    /// propagate; so does a failure to start.
    public static func withRunning<T: Sendable>(
        dataSet: SimulatorDataSet, accessKeys: [SimulatorAccessKey], host: String = "127.0.0.1",
        logger: Logger = Logger(label: "simulator"), now: @escaping @Sendable () -> Date = { Date() },
        _ body: (SecurityCenterSimulator, Endpoint) async throws -> T
    ) async throws -> T {
        let simulator = SecurityCenterSimulator(dataSet: dataSet, accessKeys: accessKeys, host: host, logger: logger, now: now)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // Run as a service of a group so that the end of `body` stops the
        // server gracefully; cancelling it would make Hummingbird log an error.
        let service = ServingService(simulator: simulator, ports: continuation)
        let serviceGroup = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await serviceGroup.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                // The server ended before listening: surface its error.
                try await group.next()
                throw SimulatorStartFailure()
            }
            let endpointHost = host.contains(":") ? "[\(host)]" : host
            let result: T
            do {
                result = try await body(simulator, Endpoint(scheme: "http", host: endpointHost, port: port))
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                try? await group.waitForAll()
                throw error
            }
            await serviceGroup.triggerGracefulShutdown()
            do {
                try await group.waitForAll()
            } catch {
                // Errors while stopping are not the caller's concern.
                logger.debug("Simulator stopped", metadata: ["error": "\(error)"])
            }
            return result
        }
    }

    /// `run(onListening:)` as a `Service`, for `withRunning`'s group.
    private struct ServingService: Service {
        let simulator: SecurityCenterSimulator
        let ports: AsyncStream<Int>.Continuation
        func run() async throws {
            try await simulator.run { port in ports.yield(port) }
        }
    }

    // MARK: - Answering

    /// The answer to one request. Internal so it can be tested without sockets.
    func reply(to request: IncomingRequest) async -> SimulatorReply {
        state.withLock { $0.requestCount += 1 }
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
            let authenticated = try authenticator.authenticate(request, now: now)
            metadata["action"] = "\(authenticated.action)"
            metadata["access_key_id"] = "\(authenticated.accessKeyId)"
            metadata["signature"] = "\(authenticated.algorithm.rawValue)"
            metadata["page"] = "\(authenticated.parameter("CurrentPage") ?? "1")"
            let fault = try state.withLock { state throws(ServiceError) -> SimulatorFault? in
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
