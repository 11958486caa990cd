import Hummingbird

/// Hands every request, whatever its path or method, to a simulated service
/// and turns its reply into a Hummingbird response. No router: the service
/// decides what every path gets.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorRequestContext

    /// Bodies are query-only in RPC; this only stops a runaway client.
    static let maximumBodyBytes = 1 << 20

    let reply: @Sendable (IncomingRequest) async -> SimulatorReply

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodyBytes)
        let incoming = IncomingRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            host: request.head.authority ?? "",
            headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) },
            rawQuery: request.uri.query ?? "",
            body: Array(body.readableBytesView))
        let reply = await self.reply(incoming)

        var headers = HTTPFields()
        for (name, value) in reply.headers {
            if let fieldName = HTTPFields.Element.Name(name) { headers.append(.init(name: fieldName, value: value)) }
        }
        let status = HTTPResponse.Status(code: reply.status)
        switch reply.body {
        case .bytes(let bytes):
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .empty:
            return Response(status: status, headers: headers, body: ResponseBody())
        case .dropConnection:
            await context.closeConnection()
            // Should anything still reach the channel, a body that fails makes
            // Hummingbird close it before the response completes.
            return Response(status: status, headers: headers, body: ResponseBody { _ in throw ConnectionDropped() })
        }
    }

    private struct ConnectionDropped: Error {}
}
