import NIOCore

/// One publication's notification section, rendered once per poll in every
/// form a scrape may need, so a scrape writes these buffers as they are
/// (ByteBuffers share storage: nothing of the large part is copied).
///
/// Each gzip form is a complete gzip member. A gzip scrape sends it followed
/// by a second member holding the small live part: RFC 1952 (2.2) allows a
/// file of several members, and Go's `compress/gzip` (Prometheus), zlib's
/// `gunzip`, Python and browsers read them as one stream.
public struct RenderedSnapshot: Sendable {
    /// Text format 0.0.4.
    public let plain: ByteBuffer
    /// OpenMetrics 1.0.0, without `# EOF` (the live part ends the exposition).
    public let openMetrics: ByteBuffer
    /// nil when there is nothing to compress (no poll has succeeded yet), or
    /// if zlib failed; the scrape then sends the body uncompressed.
    public let plainGzip: ByteBuffer?
    public let openMetricsGzip: ByteBuffer?

    public static let empty = RenderedSnapshot(text: [])

    /// `text`: the renderer's text-format output.
    public init(text: [UInt8]) {
        plain = ByteBuffer(bytes: text)
        openMetrics = ByteBuffer(bytes: OpenMetricsText.convert(text, endOfFile: false))
        plainGzip = text.isEmpty ? nil : ContentEncoding.gzip(plain)
        openMetricsGzip = text.isEmpty ? nil : ContentEncoding.gzip(openMetrics)
    }

    func section(_ format: ExpositionFormat) -> ByteBuffer {
        format == .openMetrics ? openMetrics : plain
    }

    func gzipSection(_ format: ExpositionFormat) -> ByteBuffer? {
        format == .openMetrics ? openMetricsGzip : plainGzip
    }
}
