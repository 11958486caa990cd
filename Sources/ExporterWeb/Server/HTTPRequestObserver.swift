/// Told about every request the web layer answered, once its body is written
/// (or its writing failed). The application names the metrics; this layer
/// only measures.
public protocol HTTPRequestObserver: Sendable {
    /// - Parameters:
    ///   - path: the request's path as received; the observer bounds its cardinality.
    ///   - status: the status code sent.
    ///   - duration: from the request's arrival to its body written.
    func requestFinished(path: String, status: Int, duration: Duration)
}
