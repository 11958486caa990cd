/// Told about every HTTP attempt the RPC client makes (retries included), so
/// that a caller can count requests, errors and latency without this module
/// knowing anything of Prometheus.
public protocol RPCObserver: Sendable {
    /// Called once per attempt, after it ended. `error` is nil on success.
    func rpcAttemptFinished(action: String, duration: Duration, error: APIError?)
}
