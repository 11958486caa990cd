import AsyncHTTPClient
import Foundation
import Glibc
import Testing

/// The real executable, as a user runs it: bad flags, `--demo` serving
/// metrics within one poll, graceful exit on SIGTERM.
@Suite("Command line", .serialized)
struct CommandLineTests {
    static var executable: URL {
        // The test bundle sits in the same build folder as the products.
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("sas-dingtalk-exporter")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    @Test("a bad flag value prints one line and exits 2", arguments: [
        ["--aliyun.page-size", "0"],
        ["--poll.interval", "soon"],
        ["--poll.interval", "50ms"],
        ["--aliyun.rate-limit", "0"],
        ["--aliyun.rate-limit", "-1"],
        ["--collector.max-notifications", "-1"],
        ["--demo.fault-rate", "1.5"],
        ["--aliyun.signature", "v2"],
        ["--web.listen-address", "nowhere"],
        ["--log.level", "loud"],
        ["--aliyun.endpoint", "://"],
        ["--no-such-flag"],
    ])
    func badFlag(_ arguments: [String]) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("sas-dingtalk-exporter: error: "))
    }

    @Test("a listen address in use is one clear error and exit 1, not a crash", .timeLimit(.minutes(1)))
    func portInUse() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let result = try Self.run(["--demo", "--web.listen-address", "127.0.0.1:\(listener.port)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("sas-dingtalk-exporter: error: cannot listen on 127.0.0.1:\(listener.port) (--web.listen-address)"))
        #expect(result.stderr.contains("Address already in use"))
    }

    @Test("--help explains every flag and exits 0")
    func help() throws {
        let result = try Self.run(["--help"])
        #expect(result.status == 0)
        for flag in [
            "--web.listen-address", "--web.telemetry-path", "--web.disable-exporter-metrics", "--log.level", "--log.format",
            "--poll.interval", "--aliyun.region", "--aliyun.endpoint", "--aliyun.page-size", "--aliyun.rule-action-name",
            "--aliyun.signature", "--aliyun.request-timeout", "--aliyun.max-retries", "--collector.notification-details",
            "--collector.max-notifications", "--aliyun.rate-limit", "--demo", "--version",
        ] {
            #expect(result.stdout.contains(flag), "--help lacks \(flag)")
        }
    }

    @Test("--version prints the version and exits 0")
    func version() throws {
        let result = try Self.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sas-dingtalk-exporter 0."))
    }

    /// A socket listening on 127.0.0.1 on a free port, to make a port busy.
    struct LoopbackListener {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(fd, pointer, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            guard fd >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
            self.fd = fd
            self.port = Int(UInt16(bigEndian: address.sin_port))
        }

        func close() { _ = Glibc.close(fd) }
    }

    @Test("--demo serves the demo's metrics on every listen address within one poll and exits 0 on SIGTERM", .timeLimit(.minutes(1)))
    func demo() async throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = [
            "--demo", "--web.listen-address", "127.0.0.1:0", "--web.listen-address", "127.0.0.1:0",
            "--log.format", "json", "--log.level", "debug",
        ]
        // Logs go to a file the test polls (FileHandle.bytes is not on Linux).
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: logURL) }
        process.standardError = try FileHandle(forWritingTo: logURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Wait until both HTTP servers log where they listen; every line must be JSON.
        var ports: Set<Int> = []
        var logText = ""
        for _ in 0..<200 where ports.count < 2 {
            logText = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            for line in logText.split(separator: "\n") {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["level"] != nil, "not a JSON log line: \(line)")
                if object?["msg"] as? String == "listening", let address = object?["address"] as? String,
                    let last = address.split(separator: ":").last
                {
                    ports.formUnion(Int(last).map { [$0] } ?? [])
                }
            }
            if ports.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
        }
        try #require(ports.count == 2, "expected two listening lines in: \(logText)")
        let listening = try #require(ports.first)
        let other = try #require(ports.dropFirst().first)

        var body = ""
        for _ in 0..<100 {
            let response = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(listening)/metrics").get()
            body = response.body.map { String(buffer: $0) } ?? ""
            if body.contains("aliyun_sas_dingtalk_up{account=\"default\"} 1") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(body.contains("aliyun_sas_dingtalk_up{account=\"default\"} 1"))
        #expect(body.contains("aliyun_sas_dingtalk_notification_info{"))
        #expect(body.contains("process_resident_memory_bytes"))
        #expect(body.contains("aliyun_sas_dingtalk_exporter_build_info{"))
        let second = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(other)/-/ready").get()
        #expect(second.status == .ok)

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
