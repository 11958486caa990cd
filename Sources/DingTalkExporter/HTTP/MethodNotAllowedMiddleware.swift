import Hummingbird

/// Answers 405 with an `Allow` header for a known path asked with a method it
/// does not serve. Hummingbird's router alone would answer 404 there.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path -> methods served (HEAD is implied by GET).
    let allowed: [String: Set<HTTPRequest.Method>]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let methods = allowed[request.uri.path] {
            var effective = methods
            if methods.contains(.get) { effective.insert(.head) }
            if !effective.contains(request.method) {
                let allow = effective.map(\.rawValue).sorted().joined(separator: ", ")
                return Response(
                    status: .methodNotAllowed,
                    headers: [.allow: allow, .contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "405 method not allowed\n")))
            }
        }
        return try await next(request, context)
    }
}
