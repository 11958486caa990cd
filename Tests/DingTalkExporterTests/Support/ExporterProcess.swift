import Foundation
import Glibc

/// The real executable running in the background with JSON logs in a file,
/// for tests that talk to it over real sockets.
final class ExporterProcess: @unchecked Sendable {
    // @unchecked: `Process` is not Sendable; a test owns one instance and
    // touches it from one task at a time.
    let process = Process()
    let logURL: URL

    init(arguments: [String]) throws {
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments + ["--log.format", "json"]
        // Logs go to a file the test reads (FileHandle.bytes is not on Linux).
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("exporter-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: logURL)
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Each log line as a JSON object (lines that are not JSON are skipped).
    var logLines: [[String: Any]] {
        log.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The ports of the `listening` lines, once `count` of them are logged.
    func ports(count: Int) async throws -> [Int] {
        for _ in 0..<400 {
            let ports = logLines.compactMap { line -> Int? in
                guard line["msg"] as? String == "listening", let address = line["address"] as? String else { return nil }
                return address.split(separator: ":").last.flatMap { Int($0) }
            }
            if ports.count >= count { return ports }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessError.notListening(log)
    }

    /// SIGTERM, then the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    enum ProcessError: Error { case notListening(String) }
}
