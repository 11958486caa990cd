import Hummingbird
import Logging

/// Answers a scrape from the cached notification section (rendered once per
/// poll, see `RenderedSnapshot`) plus the small live part rendered now: the
/// exporter's own series and process metrics. The large part is written as
/// cached; with gzip, only the live part is compressed now, and both go out
/// as one gzip member.
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
        let cached = routes.state.rendered
        let live = liveSection(format)
        if ContentEncoding.acceptsGzip(request.headers[.acceptEncoding]), let section = cached.deflatedSection(format) {
            do {
                let member = section.gzipMember(endingWith: try DeflatedSection.compressing(live, final: true))
                return Response(
                    status: .ok, headers: Self.headers(format: format, gzip: true), body: ResponseBody(contentsOf: member))
            } catch {
                Logger(label: "sas-dingtalk-exporter.scrape").error(
                    "Could not compress the scrape's live part; answering uncompressed",
                    metadata: ["bytes": "\(live.readableBytes)", "error": "\(error)"])
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
