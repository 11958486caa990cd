import Foundation
import Logging

/// Caches a source of temporary credentials and refreshes them 15 minutes
/// before `Expiration`, one refresh at a time.
///
/// Callers that arrive while a refresh runs wait for it (an actor holding
/// continuations: no extra task is started) and share its outcome. A failed
/// refresh keeps the old credentials while they are still valid, retrying at
/// most every `retryInterval`; after that every call fails with
/// `CredentialsUnavailable` until the source recovers. Credentials are never
/// handed out within `minimumValidity` of their expiry, so no request is
/// signed with credentials that expire on the way.
public actor RefreshingCredentialsProvider: CredentialsProvider {
    public static let refreshAhead: TimeInterval = 15 * 60
    public static let minimumValidity: TimeInterval = 60

    public nonisolated let kind: String
    private let source: any CredentialsProvider
    private let now: @Sendable () -> Date
    private let retryInterval: TimeInterval
    private let logger: Logger

    private var cached: Credentials?
    private var refreshing = false
    /// Numbers refreshes, so a waiter can tell whether the one it waited for failed.
    private var round = 0
    private var lastFailure: (round: Int, error: APIError)?
    private var nextAttempt: Date?
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(
        _ source: any CredentialsProvider, now: @escaping @Sendable () -> Date = { Date() },
        retryInterval: TimeInterval = 30, logger: Logger = Logger(label: "aliyun.credentials")
    ) {
        self.source = source
        self.kind = source.kind
        self.now = now
        self.retryInterval = retryInterval
        self.logger = logger
    }

    public func credentials() async throws -> Credentials {
        var awaitedRound: Int?
        while true {
            let now = self.now()
            if let cached, !Self.needsRefresh(cached, at: now) { return cached }
            if let cached, Self.isUsable(cached, at: now), let nextAttempt, now < nextAttempt { return cached }
            if let awaitedRound, let lastFailure, lastFailure.round == awaitedRound {
                // The refresh this caller waited for failed: share its outcome rather than retry at once.
                if let cached, Self.isUsable(cached, at: now) { return cached }
                throw lastFailure.error
            }
            if refreshing {
                awaitedRound = round
                await withCheckedContinuation { waiters.append($0) }
                continue
            }
            return try await refresh()
        }
    }

    private func refresh() async throws -> Credentials {
        round += 1
        refreshing = true
        defer {
            refreshing = false
            let waiting = waiters
            waiters.removeAll()
            for waiter in waiting { waiter.resume() }
        }
        let fetched: Credentials
        do {
            fetched = try await source.credentials()
            guard Self.isUsable(fetched, at: now()) else {
                throw APIError.credentialsUnavailable("\(kind) handed out credentials that expire within \(Int(Self.minimumValidity)) s")
            }
        } catch {
            if Task.isCancelled { throw APIError(code: APIError.Code.cancelled, message: "credentials refresh cancelled") }
            // Providers already say who they are; anything else gets this provider's name.
            let failure = (error as? APIError).flatMap { $0.code == APIError.Code.credentialsUnavailable ? $0 : nil }
                ?? APIError.credentialsUnavailable(kind, error)
            return try recover(from: failure)
        }
        if lastFailure != nil {
            logger.info("Credentials available again", metadata: ["provider": "\(kind)"])
        }
        cached = fetched
        lastFailure = nil
        nextAttempt = nil
        logger.debug("Credentials refreshed", metadata: [
            "provider": "\(fetched.providerName ?? kind)", "access_key_id": "\(fetched.maskedAccessKeyId)",
            "expiration": "\(fetched.expiration.map { $0.formatted(.iso8601) } ?? "never")",
        ])
        return fetched
    }

    /// The old credentials while they last, or the failure.
    private func recover(from error: APIError) throws -> Credentials {
        lastFailure = (round, error)
        let now = self.now()
        if let cached, let expiration = cached.expiration, Self.isUsable(cached, at: now) {
            nextAttempt = now.addingTimeInterval(retryInterval)
            logger.warning("Credentials refresh failed; using the current ones until they expire", metadata: [
                "provider": "\(kind)", "code": "\(error.code)", "error": "\(error.message)",
                "expiration": "\(expiration.formatted(.iso8601))",
            ])
            return cached
        }
        logger.warning("Credentials unavailable", metadata: [
            "provider": "\(kind)", "code": "\(error.code)", "error": "\(error.message)",
        ])
        throw error
    }

    static func needsRefresh(_ credentials: Credentials, at now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return now >= expiration.addingTimeInterval(-refreshAhead)
    }

    static func isUsable(_ credentials: Credentials, at now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return now < expiration.addingTimeInterval(-minimumValidity)
    }
}

extension RefreshingCredentialsProvider: CustomStringConvertible, CustomReflectable {
    public nonisolated var description: String { "RefreshingCredentialsProvider(\(kind))" }
    public nonisolated var customMirror: Mirror { Mirror(self, children: ["kind": kind], displayStyle: .class) }
}
