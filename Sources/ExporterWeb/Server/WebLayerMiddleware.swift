import Hummingbird
import Logging

/// What exporter-toolkit's handler does around the exporter's routes, run
/// before routing: the concurrency limit (503), basic auth (401 with
/// `WWW-Authenticate`, except on `unauthenticatedPaths`), the configured
/// headers on every response, and the observer told when the body is written.
/// Errors from the routes (404, 405) become responses here so that they get
/// the headers and are observed like any other answer.
public struct WebLayerMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: WebConfigStore
    let limiter: ConcurrencyLimiter
    let observer: (any HTTPRequestObserver)?
    let unauthenticatedPaths: Set<String>

    public init(
        store: WebConfigStore, maxConcurrentRequests: Int, observer: (any HTTPRequestObserver)?,
        unauthenticatedPaths: Set<String> = ["/-/healthy"]
    ) {
        self.store = store
        self.limiter = ConcurrencyLimiter(limit: maxConcurrentRequests)
        self.observer = observer
        self.unauthenticatedPaths = unauthenticatedPaths
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let path = request.uri.path
        let config = store.current.config
        let slot = limiter.tryAcquire()
        var response: Response
        if slot == nil {
            context.logger.warning("too many concurrent requests, answering 503", metadata: ["limit": "\(limiter.limit)", "path": "\(path)"])
            response = Self.plain(.serviceUnavailable, "503 Service Unavailable: more than \(limiter.limit) concurrent requests\n")
        } else if !(await isAuthorised(request, path: path, users: config.basicAuthUsers)) {
            response = Self.plain(.unauthorized, "401 Unauthorized\n")
            response.headers[.wwwAuthenticate] = "Basic"
        } else {
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                response = try error.response(from: request, context: context)
            } catch {
                observer?.requestFinished(path: path, status: 500, duration: .now - start)
                throw error
            }
        }
        for (name, value) in config.headers {
            if let field = HTTPFields.Element.Name(name) { response.headers[field] = value }
        }
        let status = Int(response.status.code)
        let body = response.body
        let observer = self.observer
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer {
                slot?.release()
                observer?.requestFinished(path: path, status: status, duration: .now - start)
            }
            try await body.write(writer)
        }
        return response
    }

    private func isAuthorised(_ request: Request, path: String, users: [String: String]) async -> Bool {
        if users.isEmpty || unauthenticatedPaths.contains(path) { return true }
        guard let credentials = BasicCredentials(authorization: request.headers[.authorization]) else { return false }
        return await store.authVerifier.verify(user: credentials.user, password: credentials.password, users: users)
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
