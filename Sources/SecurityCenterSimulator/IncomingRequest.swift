/// The parts of an HTTP request the simulator looks at, taken out of
/// Hummingbird's types so authentication can be tested and reasoned about on
/// plain values.
struct IncomingRequest: Sendable {
    /// `GET`, `POST`, ...
    var method: String
    /// The path without the query, e.g. `/`.
    var path: String
    /// The `Host` header (HTTP/1) or `:authority`; empty when absent.
    var host: String
    /// Every header but `Host`, names lower-cased, values as received, in order.
    var headers: [(name: String, value: String)]
    /// The query string as received, still percent-encoded; empty when absent.
    var rawQuery: String
    var body: [UInt8]

    /// The first value of a header, by lower-case name.
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }
}
