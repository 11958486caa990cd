import ExporterWeb
import Foundation
import Hummingbird

/// What the HTTP layer serves from. It knows nothing of signing or the API:
/// only the published state and the metrics registries.
public struct ExporterRoutesContext: Sendable {
    public var state: ExporterState
    public var metrics: ExporterMetrics
    /// The change history served at `/api/v1/changes` and on the landing page.
    public var changes: ChangeLog
    /// nil with `--web.disable-exporter-metrics`.
    public var processMetrics: ProcessMetrics?
    public var telemetryPath: String
    public var buildInfo: BuildInfo
    /// `POST /-/reload`: reloads, or throws the reason the new config was refused.
    public var reload: @Sendable () async throws -> Void

    public init(
        state: ExporterState, metrics: ExporterMetrics, changes: ChangeLog = ChangeLog(), processMetrics: ProcessMetrics?, telemetryPath: String,
        buildInfo: BuildInfo, reload: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.state = state
        self.metrics = metrics
        self.changes = changes
        self.processMetrics = processMetrics
        self.telemetryPath = telemetryPath
        self.buildInfo = buildInfo
        self.reload = reload
    }
}

/// The paths the exporter serves: the only `path` label values of its HTTP metrics besides `other`.
public func knownRoutes(telemetryPath: String) -> [String] {
    [telemetryPath, "/", "/-/healthy", "/-/ready", "/-/reload", "/api/v1/changes"]
}

/// The exporter's routes: telemetry, landing page, health, readiness, reload
/// and the change history.
/// `web` (limits, basic auth, headers) runs first, before routing.
///
/// HEAD is answered on every route like GET without a body (Hummingbird runs
/// the GET handler and drops the body, keeping its Content-Length), except on
/// the telemetry path, where HEAD renders and compresses nothing.
public func buildRouter(_ routes: ExporterRoutesContext, web: WebLayerMiddleware<BasicRequestContext>? = nil) -> Router<BasicRequestContext> {
    let router = Router(options: .autoGenerateHeadEndpoints)
    if let web { router.add(middleware: web) }
    router.add(middleware: MethodNotAllowedMiddleware(allowed: [
        routes.telemetryPath: [.get],
        "/": [.get],
        "/-/healthy": [.get],
        "/-/ready": [.get],
        "/-/reload": [.post],
        ChangesEndpoint.path: [.get],
    ]))

    let scrape = ScrapeResponder(routes: routes)
    router.get(RouterPath(routes.telemetryPath)) { request, _ -> Response in
        scrape.respond(to: request)
    }
    router.head(RouterPath(routes.telemetryPath)) { request, _ -> Response in
        let headers = ScrapeResponder.headers(
            format: ExpositionFormat.negotiate(accept: request.headers[.accept]),
            gzip: ContentEncoding.acceptsGzip(request.headers[.acceptEncoding]))
        // A body of unknown length, never written: no Content-Length that
        // would claim a size nobody computed (NIO suppresses HEAD bodies).
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in try await writer.finish(nil) })
    }
    router.get("/") { _, _ -> Response in
        let page = LandingPage(
            version: routes.buildInfo.version, revision: routes.buildInfo.revision,
            telemetryPath: routes.telemetryPath, statuses: routes.state.statuses,
            recentChanges: routes.changes.events(limit: LandingPage.recentChangesShown))
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: page.render())))
    }
    router.get("/-/healthy") { _, _ -> Response in
        plain(.ok, "Healthy\n")
    }
    router.get("/-/ready") { _, _ -> Response in
        routes.state.isReady
            ? plain(.ok, "Ready\n")
            : plain(.serviceUnavailable, "Not ready: waiting for the first poll of every account\n")
    }
    router.post("/-/reload") { _, _ -> Response in
        do {
            try await routes.reload()
            return plain(.ok, "Reloaded\n")
        } catch {
            // The reason is the config's own errors (file:line:column), never a secret.
            return plain(.internalServerError, "\(error)\n")
        }
    }
    router.get(RouterPath(ChangesEndpoint.path)) { request, _ -> Response in
        ChangesEndpoint.respond(to: request.uri.queryParameters, from: routes.changes)
    }
    return router
}

func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
