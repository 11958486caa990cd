import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the log handlers put their lines: one call per event, the line
/// without its final new line. Tests inject one that collects lines.
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    public init(_ writeLine: @escaping @Sendable (String) -> Void) {
        self.writeLine = writeLine
    }

    public func write(_ line: String) {
        writeLine(line)
    }

    /// Standard error, one write(2) per line under a lock, so that lines from
    /// concurrent tasks never interleave, however long they are.
    public static let standardError = LogSink { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        standardErrorLock.withLock { writeAll(bytes, to: 2) }
    }

    private static let standardErrorLock = NIOLock()
}

/// Outside the type, so `write` is the system call and not `LogSink.write`.
private func writeAll(_ bytes: [UInt8], to fd: Int32) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            if written < 0, errno == EINTR { continue }
            // Nowhere to report a failing stderr: drop the rest of the line.
            guard written > 0 else { return }
            offset += written
        }
    }
}
