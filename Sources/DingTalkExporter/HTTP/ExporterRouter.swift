import ExporterWeb
import Foundation
import Hummingbird

/// What the HTTP layer serves from. It knows nothing of signing or the API:
/// only the published state and the metrics registries.
public struct ExporterRoutesContext: Sendable {
    public var state: ExporterState
    public var metrics: ExporterMetrics
    /// nil with `--web.disable-exporter-metrics`.
    public var processMetrics: ProcessMetrics?
    public var telemetryPath: String
    public var buildInfo: BuildInfo

    public init(state: ExporterState, metrics: ExporterMetrics, processMetrics: ProcessMetrics?, telemetryPath: String, buildInfo: BuildInfo) {
        self.state = state
        self.metrics = metrics
        self.processMetrics = processMetrics
        self.telemetryPath = telemetryPath
        self.buildInfo = buildInfo
    }

    /// The whole scrape body: the last poll's notification metrics (already
    /// rendered), the exporter's own live series, then process metrics.
    public func scrapeBody() -> [UInt8] {
        var body = state.renderedNotifications
        body.reserveCapacity(body.count + 16 * 1024)
        metrics.emit(into: &body)
        processMetrics?.render(into: &body)
        return body
    }
}

/// The paths the exporter serves: the only `path` label values of its HTTP metrics besides `other`.
public func knownRoutes(telemetryPath: String) -> [String] {
    [telemetryPath, "/", "/-/healthy", "/-/ready", "/-/reload", "/api/v1/changes"]
}

/// The exporter's routes: telemetry, landing page, health and readiness.
/// `web` (limits, basic auth, headers) runs first, before routing.
public func buildRouter(_ routes: ExporterRoutesContext, web: WebLayerMiddleware<BasicRequestContext>? = nil) -> Router<BasicRequestContext> {
    let router = Router()
    if let web { router.add(middleware: web) }
    router.add(middleware: MethodNotAllowedMiddleware(allowed: [
        routes.telemetryPath: [.get],
        "/": [.get],
        "/-/healthy": [.get],
        "/-/ready": [.get],
    ]))

    router.get(RouterPath(routes.telemetryPath)) { request, _ -> Response in
        let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
        let text = routes.scrapeBody()
        let body = format == .openMetrics ? OpenMetricsText.convert(text) : text
        var headers: HTTPFields = [.contentType: format.contentType, .vary: "Accept, Accept-Encoding"]
        if ContentEncoding.acceptsGzip(request.headers[.acceptEncoding]), let compressed = ContentEncoding.gzip(body) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: compressed))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
    router.get("/") { _, _ -> Response in
        let page = LandingPage(
            version: routes.buildInfo.version, revision: routes.buildInfo.revision,
            telemetryPath: routes.telemetryPath, statuses: routes.state.statuses)
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
    return router
}

private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
}
