import AsyncHTTPClient
import Foundation
import Glibc
import NIOHTTP1

/// The real executable started with some flags, its JSON log in a file, and
/// the port its first listen address got. Stopped with SIGTERM by `stop()`.
final class RunningExporter {
    let process: Process
    let logURL: URL
    let port: Int

    private init(process: Process, logURL: URL, port: Int) {
        self.process = process
        self.logURL = logURL
        self.port = port
    }

    static func start(_ arguments: [String]) async throws -> RunningExporter {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments + ["--web.listen-address", "127.0.0.1:0", "--log.format", "json"]
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("exporter-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        while process.isRunning {
            let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if object?["msg"] as? String == "listening", let address = object?["address"] as? String,
                   let port = address.split(separator: ":").last.flatMap({ Int($0) })
                {
                    return RunningExporter(process: process, logURL: logURL, port: port)
                }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        throw StartFailure(status: process.terminationStatus, log: log)
    }

    struct StartFailure: Error, CustomStringConvertible {
        var status: Int32
        var log: String
        var description: String { "the exporter exited with \(status) before listening: \(log)" }
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    func request(_ path: String, method: HTTPMethod = .GET) async throws -> (status: UInt, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (response.status.code, String(buffer: body))
    }

    func metrics() async throws -> Exposition {
        try Exposition(parsing: try await request("/metrics").body)
    }

    /// Scrapes until `condition` holds (the test's time limit bounds the wait).
    @discardableResult
    func waitForMetrics(_ condition: (Exposition) -> Bool) async throws -> Exposition {
        while true {
            let metrics = try await metrics()
            if condition(metrics) { return metrics }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// SIGTERM, then the exit status.
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logURL)
        return process.terminationStatus
    }
}
