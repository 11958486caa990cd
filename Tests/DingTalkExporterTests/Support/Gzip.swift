import CompressNIO
import NIOCore

/// Reads a gzip file of one or more members (RFC 1952 2.2) as gunzip does.
/// compress-nio stops at the end of the first member, leaving the rest
/// readable, so each member is inflated in turn.
enum Gzip {
    static func gunzipMembers(_ compressed: ByteBuffer) throws -> ByteBuffer {
        var input = compressed
        var output = ByteBuffer()
        while input.readableBytes > 0 {
            var member = try input.decompress(with: .gzip())
            output.writeBuffer(&member)
        }
        return output
    }

    /// How many members `compressed` holds.
    static func memberCount(_ compressed: ByteBuffer) throws -> Int {
        var input = compressed
        var count = 0
        while input.readableBytes > 0 {
            _ = try input.decompress(with: .gzip())
            count += 1
        }
        return count
    }
}
