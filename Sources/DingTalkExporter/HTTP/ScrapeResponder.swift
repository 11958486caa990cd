import Hummingbird

/// Answers a scrape from the cached notification section (rendered once per
/// poll, see `RenderedSnapshot`) plus the small live part rendered now: the
/// exporter's own series and process metrics. The large part is written as
/// cached; with gzip, the live part becomes a second gzip member.
struct ScrapeResponder: Sendable {
    let routes: ExporterRoutesContext

    /// Headers shared by GET and HEAD.
    static func headers(format: ExpositionFormat, gzip: Bool) -> HTTPFields {
        var headers: HTTPFields = [.contentType: format.contentType, .vary: "Accept, Accept-Encoding"]
        if gzip { headers[.contentEncoding] = "gzip" }
        return headers
    }

    func respond(to request: Request) -> Response {
        let format = ExpositionFormat.negotiate(accept: request.headers[.accept])
        let wantsGzip = ContentEncoding.acceptsGzip(request.headers[.acceptEncoding])
        let cached = routes.state.rendered
        let live = liveSection(format)
        if wantsGzip, let liveMember = ContentEncoding.gzip(live) {
            // Before the first successful poll the cached section is empty.
            let members: [ByteBuffer]? = cached.section(format).readableBytes == 0
                ? [liveMember] : cached.gzipSection(format).map { [$0, liveMember] }
            if let members {
                return Response(
                    status: .ok, headers: Self.headers(format: format, gzip: true),
                    body: ResponseBody(contentsOf: members))
            }
        }
        return Response(
            status: .ok, headers: Self.headers(format: format, gzip: false),
            body: ResponseBody(contentsOf: [cached.section(format), live]))
    }

    /// The exporter's own series and process metrics, in `format`; with
    /// OpenMetrics it carries the final `# EOF`.
    func liveSection(_ format: ExpositionFormat) -> ByteBuffer {
        var text: [UInt8] = []
        text.reserveCapacity(16 * 1024)
        routes.metrics.emit(into: &text)
        routes.processMetrics?.render(into: &text)
        return ByteBuffer(bytes: format == .openMetrics ? OpenMetricsText.convert(text) : text)
    }
}
