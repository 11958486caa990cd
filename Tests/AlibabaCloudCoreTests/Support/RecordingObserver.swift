import AlibabaCloudCore
import NIOConcurrencyHelpers

/// Remembers every attempt the client reports.
final class RecordingObserver: RPCObserver, Sendable {
    struct Attempt: Sendable {
        var action: String
        var duration: Duration
        var error: APIError?
    }

    private let attempts = NIOLockedValueBox<[Attempt]>([])

    var recorded: [Attempt] { attempts.withLockedValue { $0 } }
    var codes: [String?] { recorded.map { $0.error?.code } }

    func rpcAttemptFinished(action: String, duration: Duration, error: APIError?) {
        attempts.withLockedValue { $0.append(Attempt(action: action, duration: duration, error: error)) }
    }
}
