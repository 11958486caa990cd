import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard `process_*` families, read from procfs at each scrape, with
/// the HELP and TYPE lines Prometheus' Go client writes, so dashboards built
/// for any Prometheus exporter work unchanged.
///
/// Hand-written: none of the packages this project depends on reads /proc
/// (swift-prometheus has no process collector). A file that cannot be read
/// or parsed (no procfs, e.g. macOS; a hardened container) drops the metrics
/// that need it and nothing else.
public struct ProcessMetrics: Sendable {
    public var procRoot: String
    public var clockTicksPerSecond: Int
    public var pageSize: Int
    /// `btime` of /proc/stat, read once: the boot time does not change, and
    /// the kernel sums every CPU's interrupt counters to produce that file.
    private let bootTime: UInt64?

    /// `clockTicksPerSecond` and `pageSize` default to the running system's
    /// (`sysconf`); tests pin them to read a fixture tree exactly.
    public init(
        procRoot: String = "/proc", clockTicksPerSecond: Int = ProcessMetrics.systemClockTicks,
        pageSize: Int = ProcessMetrics.systemPageSize
    ) {
        self.procRoot = procRoot
        self.clockTicksPerSecond = clockTicksPerSecond
        self.pageSize = pageSize
        self.bootTime = Self.readBootTime(procRoot: procRoot)
    }

    public static var systemClockTicks: Int {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? ticks : 100
        #else
        return 100
        #endif
    }

    public static var systemPageSize: Int {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        let size = sysconf(Int32(_SC_PAGESIZE))
        return size > 0 ? size : 4096
        #else
        return 4096
        #endif
    }

    /// Appends the families it could read, in the Go client's order.
    public func render(into buffer: inout [UInt8]) {
        let stat = readStat()
        if let stat, clockTicksPerSecond > 0 {
            let cpu = Double(stat.userTicks + stat.systemTicks) / Double(clockTicksPerSecond)
            Self.append(.cpu, cpu, into: &buffer)
        }
        if let openFDs = countOpenFDs() {
            Self.append(.openFDs, Double(openFDs), into: &buffer)
        }
        if let maxFDs = readMaxFDs() {
            Self.append(.maxFDs, maxFDs, into: &buffer)
        }
        if let stat {
            Self.append(.virtualMemory, Double(stat.virtualBytes), into: &buffer)
            Self.append(.residentMemory, Double(stat.residentPages) * Double(pageSize), into: &buffer)
        }
        if let stat, let bootTime, clockTicksPerSecond > 0 {
            let start = Double(bootTime) + Double(stat.startTicks) / Double(clockTicksPerSecond)
            Self.append(.startTime, start, into: &buffer)
        }
    }

    // MARK: Reading

    /// The fields of /proc/self/stat this needs (proc(5) numbering).
    struct Stat: Equatable {
        var userTicks: UInt64  // 14 utime
        var systemTicks: UInt64  // 15 stime
        var startTicks: UInt64  // 22 starttime, since boot
        var virtualBytes: UInt64  // 23 vsize
        var residentPages: Int64  // 24 rss
    }

    func readStat() -> Stat? {
        guard let text = Self.readFile("\(procRoot)/self/stat") else { return nil }
        return Self.parseStat(text)
    }

    /// Parsed as bytes, not as `String`s: it runs on every scrape, and
    /// Unicode-aware splitting was a twentieth of a scrape's CPU (perf).
    static func parseStat(_ text: String) -> Stat? {
        // The command name (field 2) is in parentheses and may itself hold
        // spaces and parentheses: the fields proper start after the last ')'.
        let bytes = Array(text.utf8)
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") })
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        func field(_ n: Int) -> UInt64? {
            guard fields.indices.contains(n - 3) else { return nil }
            return Self.decimal(fields[n - 3])
        }
        guard let utime = field(14), let stime = field(15), let start = field(22), let vsize = field(23) else { return nil }
        // rss (24) is signed in proc(5); a negative one is not a size.
        guard fields.indices.contains(21), let rss = Self.signedDecimal(fields[21]) else { return nil }
        return Stat(userTicks: utime, systemTicks: stime, startTicks: start, virtualBytes: vsize, residentPages: rss)
    }

    /// ASCII digits only, as `UInt64(_:)` reads them; nil on overflow or anything else.
    static func decimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// An optional `-` or `+` then digits, within `Int64`, as `Int64(_:)` reads it.
    static func signedDecimal(_ text: ArraySlice<UInt8>) -> Int64? {
        guard let sign = text.first else { return nil }
        let negative = sign == UInt8(ascii: "-")
        let digits = negative || sign == UInt8(ascii: "+") ? text.dropFirst() : text
        guard let magnitude = decimal(digits) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// Entries of /proc/self/fd; the descriptor that lists them counts too,
    /// as it does for the Go client.
    /// Counted with readdir(3), without building a name per descriptor.
    func countOpenFDs() -> Int? {
        guard let directory = opendir("\(procRoot)/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDotOrDotDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDotOrDotDot { count += 1 }
        }
        return count
    }

    /// The soft limit of "Max open files"; `unlimited` is 2^64 - 1, as the Go client reports it.
    /// For this process, `getrlimit(2)`: the same number without reading
    /// and splitting /proc/self/limits at every scrape (a tenth of a
    /// scrape's CPU, perf in docs/benchmarks.md); another root (a test's
    /// fixture tree) is read as a file.
    func readMaxFDs() -> Double? {
        #if canImport(Glibc)
        if procRoot == "/proc" {
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
            // RLIM_INFINITY (all bits set) does not import into Swift.
            return limit.rlim_cur == rlim_t.max ? Double(UInt64.max) : Double(limit.rlim_cur)
        }
        #endif
        guard let text = Self.readFile("\(procRoot)/self/limits") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let columns = line.dropFirst("Max open files".count).split(separator: " ")
            guard let soft = columns.first else { return nil }
            if soft == "unlimited" { return Double(UInt64.max) }
            return UInt64(soft).map { Double($0) }
        }
        return nil
    }

    /// `btime` of /proc/stat: boot time in seconds since the epoch.
    static func readBootTime(procRoot: String) -> UInt64? {
        guard let text = readFile("\(procRoot)/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return UInt64(line.dropFirst("btime ".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// Reads with plain read(2): procfs files report a size of 0, so nothing
    /// that trusts the size will do. Capped, since the files are small.
    static func readFile(_ path: String, limit: Int = 1 << 20) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? String(decoding: bytes, as: UTF8.self) : nil }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Writing

    private struct Family {
        let name: String
        let type: String
        let help: String

        static let cpu = Self(
            name: "process_cpu_seconds_total", type: "counter", help: "Total user and system CPU time spent in seconds.")
        static let openFDs = Self(name: "process_open_fds", type: "gauge", help: "Number of open file descriptors.")
        static let maxFDs = Self(name: "process_max_fds", type: "gauge", help: "Maximum number of open file descriptors.")
        static let virtualMemory = Self(
            name: "process_virtual_memory_bytes", type: "gauge", help: "Virtual memory size in bytes.")
        static let residentMemory = Self(
            name: "process_resident_memory_bytes", type: "gauge", help: "Resident memory size in bytes.")
        static let startTime = Self(
            name: "process_start_time_seconds", type: "gauge", help: "Start time of the process since unix epoch in seconds.")
    }

    private static func append(_ family: Family, _ value: Double, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "# HELP \(family.name) \(family.help)\n".utf8)
        buffer.append(contentsOf: "# TYPE \(family.name) \(family.type)\n".utf8)
        buffer.append(contentsOf: "\(family.name) \(format(value))\n".utf8)
    }

    /// Whole numbers without a fraction (exact below 2^53); others as Swift
    /// prints a Double, which Prometheus parses (`1.8446744073709552e+19`).
    static func format(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }
}
