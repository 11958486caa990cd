import CompressNIO
import Foundation
import NIOCore
import Testing

/// The decoders a scraper of a gzip body may use. Python's zlib with
/// `wbits=31` stops after the first gzip member, as `curl --compressed`
/// does, so a body of two members would decode truncated; each decoder here
/// must read the whole body as one member.
enum GzipDecoder: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case compressNIO
    case gunzip
    case pythonZlib

    var testDescription: String { rawValue }

    enum DecodeError: Error {
        case trailingBytes(Int)
        case missingTool(String)
        case failed(tool: String, status: Int32)
    }

    /// The whole body decoded; throws if anything follows the first member.
    func decode(_ compressed: ByteBuffer) async throws -> [UInt8] {
        switch self {
        case .compressNIO:
            var input = compressed
            let body = try input.decompress(with: .gzip())
            guard input.readableBytes == 0 else { throw DecodeError.trailingBytes(input.readableBytes) }
            return Array(buffer: body)
        case .gunzip:
            return try await Self.run("gunzip", ["-c"], compressed)
        case .pythonZlib:
            // Exit status 3 when zlib did not reach the end of a member, or bytes follow it.
            let script = """
                import sys, zlib
                d = zlib.decompressobj(31)
                sys.stdout.buffer.write(d.decompress(open(sys.argv[1], 'rb').read()))
                sys.exit(0 if d.eof and not d.unused_data else 3)
                """
            return try await Self.run("python3", ["-c", script], compressed)
        }
    }

    /// Runs `tool arguments <file of input>` and returns its stdout; waits
    /// for the exit without blocking a thread. A missing tool fails.
    private static func run(_ tool: String, _ arguments: [String], _ input: ByteBuffer) async throws -> [UInt8] {
        guard let path = Promtool.findExecutable(tool) else { throw DecodeError.missingTool(tool) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("body.gz"), outputURL = directory.appendingPathComponent("body")
        try Data(input.readableBytesView).write(to: inputURL)
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments + [inputURL.path]
        process.standardOutput = output
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try output.close()
        guard status == 0 else { throw DecodeError.failed(tool: tool, status: status) }
        return Array(try Data(contentsOf: outputURL))
    }
}
