import CompressNIO
import Logging
import NIOCore

/// One publication's notification section, rendered once per poll in every
/// form a scrape may need, so a scrape writes these buffers as they are
/// (ByteBuffers share storage: nothing of the large part is copied).
///
/// The deflated forms end with a sync flush, not the final block: a gzip
/// scrape appends the live part, deflated per scrape, inside one gzip member
/// (see `DeflatedSection`).
public struct RenderedSnapshot: Sendable {
    /// Text format 0.0.4.
    public let plain: ByteBuffer
    /// OpenMetrics 1.0.0, without `# EOF` (the live part ends the exposition).
    public let openMetrics: ByteBuffer
    /// nil if zlib failed (logged); the scrape then sends the body uncompressed.
    let plainDeflated: DeflatedSection?
    let openMetricsDeflated: DeflatedSection?

    public static let empty = RenderedSnapshot(text: [])

    /// `text`: the renderer's text-format output.
    public init(text: [UInt8]) {
        plain = ByteBuffer(bytes: text)
        plainDeflated = Self.deflate(plain, format: "text")
        // The notification families are gauges whose HELP has no `"`: both
        // formats are the same bytes, kept and compressed once.
        let converted = OpenMetricsText.isUnchangedByConversion(text) ? text : OpenMetricsText.convert(text, endOfFile: false)
        if converted == text {
            openMetrics = plain
            openMetricsDeflated = plainDeflated
        } else {
            openMetrics = ByteBuffer(bytes: converted)
            openMetricsDeflated = Self.deflate(openMetrics, format: "OpenMetrics")
        }
    }

    func section(_ format: ExpositionFormat) -> ByteBuffer {
        format == .openMetrics ? openMetrics : plain
    }

    func deflatedSection(_ format: ExpositionFormat) -> DeflatedSection? {
        format == .openMetrics ? openMetricsDeflated : plainDeflated
    }

    private static func deflate(_ section: ByteBuffer, format: String) -> DeflatedSection? {
        do {
            return try DeflatedSection.compressing(section, final: false)
        } catch {
            Logger(label: "sas-dingtalk-exporter.render").error(
                "Could not compress the notification section; gzip scrapes are sent uncompressed until the next poll",
                metadata: ["format": "\(format)", "bytes": "\(section.readableBytes)", "error": "\(error)"])
            return nil
        }
    }
}
