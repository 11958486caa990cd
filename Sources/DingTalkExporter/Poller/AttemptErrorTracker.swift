import AlibabaCloudCore
import NIOConcurrencyHelpers

/// Sits between the RPC client and the metrics observer and remembers the
/// last attempt's error, so that the poller can count the errors the client
/// never saw as an attempt (decoding, pagination limit, credentials) exactly
/// once, and not count twice those it did.
final class AttemptErrorTracker: RPCObserver, Sendable {
    private let downstream: any RPCObserver
    private let lastError = NIOLockedValueBox<APIError?>(nil)

    init(downstream: any RPCObserver) {
        self.downstream = downstream
    }

    func rpcAttemptFinished(action: String, duration: Duration, error: APIError?) {
        lastError.withLockedValue { $0 = error }
        downstream.rpcAttemptFinished(action: action, duration: duration, error: error)
    }

    func reset() { lastError.withLockedValue { $0 = nil } }

    /// Whether `error` is the very error the last attempt reported.
    func alreadyCounted(_ error: APIError) -> Bool { lastError.withLockedValue { $0 == error } }
}
