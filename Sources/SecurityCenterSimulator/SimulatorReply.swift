/// What the simulator answers to one request, before it becomes a
/// Hummingbird `Response`.
struct SimulatorReply: Sendable {
    enum Body: Sendable {
        case bytes([UInt8])
        case empty
        /// Close the connection instead of answering.
        case dropConnection
    }

    var status: Int
    var headers: [(name: String, value: String)]
    var body: Body
    /// For the debug log line: the error code sent, the fault, or `ok`.
    var outcome: String

    static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = [], outcome: String) -> SimulatorReply {
        SimulatorReply(status: status, headers: [("content-type", "application/json;charset=utf-8")] + headers,
                       body: .bytes(Array(text.utf8)), outcome: outcome)
    }
}
