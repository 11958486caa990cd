import CZlib
import CompressNIO
import NIOCore

/// A part of the scrape body compressed as raw deflate, with what a gzip
/// trailer needs of it (CRC-32 and length), so that parts compressed at
/// different times make one gzip member.
///
/// Why one member: `curl --compressed` and Python's zlib (`wbits=31`) stop
/// at the end of the first member of a multi-member gzip file, so a body
/// of two members would reach them truncated. The cached notification
/// section is deflated once per poll ending with a sync flush (byte-aligned,
/// not the final block); the live part per scrape as a fresh deflate stream
/// ending with the final block. Deflate blocks may, but need not, refer
/// back, so the two streams concatenated are one valid deflate stream.
struct DeflatedSection: Sendable {
    /// Raw deflate blocks (no header or trailer).
    let blocks: ByteBuffer
    /// CRC-32 of the uncompressed bytes.
    let crc: UInt32
    /// Length of the uncompressed bytes.
    let length: Int

    private init(blocks: ByteBuffer, crc: UInt32, length: Int) {
        self.blocks = blocks
        self.crc = crc
        self.length = length
    }

    /// `final`: end with the final block (the body's last part); otherwise
    /// end with a sync flush so that more blocks may follow.
    ///
    /// Level 1: on 490 KB of exposition (1,000 notifications) zlib takes
    /// 3.1 ms of CPU at level 1 against 8.3 ms at the default 6, for 9 % more
    /// bytes (59.7 KB against 54.6 KB).
    static func compressing(_ bytes: ByteBuffer, final: Bool) throws(CompressNIOError) -> DeflatedSection {
        guard bytes.readableBytes > 0 else {
            // Nothing to compress (zlib's wrapper needs input): no blocks, or
            // the empty final block zlib writes (fixed Huffman, end of block).
            return DeflatedSection(blocks: ByteBuffer(bytes: final ? [0x03, 0x00] : []), crc: 0, length: 0)
        }
        var output = ByteBuffer()
        do {
            // The per-scrape live part (about 10 KB) gets a small window and
            // hash table: zlib's default state is about 256 KB per stream,
            // times every concurrent scrape, for no gain on 10 KB (the peak
            // memory under wrk -c64 at 10,000 notifications, docs/benchmarks.md).
            // Decoders accept any encoder window, and this stream refers only
            // to itself.
            let configuration = final
                ? ZlibConfiguration(windowSize: 12, compressionLevel: 1, memoryLevel: 3)
                : ZlibConfiguration(compressionLevel: .fastestCompression)
            let compressor = try ZlibCompressor(algorithm: .deflate, configuration: configuration)
            var input = bytes
            // One call suffices: maxSize is deflateBound plus the sync flush's empty block.
            output.reserveCapacity(compressor.maxSize(from: input))
            try compressor.deflate(from: &input, to: &output, flush: final ? .finish : .sync)
            guard input.readableBytes == 0 else { throw CompressNIOError.bufferOverflow }
        } catch let error as CompressNIOError {
            throw error
        } catch {
            throw CompressNIOError.internalError
        }
        let crc = bytes.withUnsafeReadableBytes { raw in
            UInt32(CZlib.crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count)))
        }
        if !final {
            // A cached section is kept for a whole poll interval: keep its
            // bytes, not the worst-case capacity (about 8 times as much).
            var exact = ByteBuffer()
            exact.reserveCapacity(output.readableBytes)
            exact.writeImmutableBuffer(output)
            output = exact
        }
        return DeflatedSection(blocks: output, crc: crc, length: bytes.readableBytes)
    }

    /// One gzip member: header, `self` then `last` (which must end with the
    /// final block), and a trailer of the combined CRC-32 and total length.
    func gzipMember(endingWith last: DeflatedSection) -> [ByteBuffer] {
        // RFC 1952: magic, deflate, no flags, no mtime, no extra flags, OS unknown.
        let header = ByteBuffer(bytes: [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
        let combined = UInt32(CZlib.crc32_combine(uLong(crc), uLong(last.crc), Int(last.length)))
        var trailer = ByteBuffer()
        trailer.writeInteger(combined, endianness: .little)
        trailer.writeInteger(UInt32(truncatingIfNeeded: length + last.length), endianness: .little)
        return blocks.readableBytes > 0 ? [header, blocks, last.blocks, trailer] : [header, last.blocks, trailer]
    }
}
