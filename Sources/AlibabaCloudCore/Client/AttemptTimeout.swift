/// A wall-clock time-out over one whole attempt, body streaming included
/// (AHC's own deadline stops counting once the response head is in).
///
/// When time is up the request is cancelled and its own ending decides the
/// code: a request still waiting for a connection ends with AHC's last
/// connect failure (refused, reset), which stays `ConnectionFailed`; anything
/// else is a `Timeout`.
enum AttemptTimeout {
    private enum Outcome<T: Sendable>: Sendable {
        case finished(Result<T, any Error>)
        case timedOut
        case timerCancelled
    }

    static func run<T: Sendable>(
        _ timeout: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Outcome<T>.self) { group in
            group.addTask {
                do { return .finished(.success(try await body())) } catch { return .finished(.failure(error)) }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return .timerCancelled
                }
            }
            defer { group.cancelAll() }
            switch try await group.next() {
            case .finished(let result):
                return try result.get()
            case .timerCancelled, nil:
                throw CancellationError()
            case .timedOut:
                group.cancelAll()
                if case .finished(let result)? = try await group.next() {
                    switch result {
                    case .success(let value):
                        return value
                    case .failure(let error):
                        let mapped = TransportErrorMapper.map(error)
                        if mapped.code == APIError.Code.connectionFailed { throw mapped }
                    }
                }
                throw APIError(code: APIError.Code.timeout, message: "no complete answer within \(timeout)")
            }
        }
    }
}
