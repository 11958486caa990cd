import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A deliberately dumb HTTP/1.1 server on 127.0.0.1 for RPC client tests:
/// one connection at a time, reads a request head, answers with the next
/// scripted reply verbatim (or misbehaves as told), closes. Plain sockets, so
/// the test target needs nothing beyond what the client itself uses.
final class LoopbackServer: Sendable {
    enum Reply: Sendable {
        /// Raw bytes, after an optional pause; the connection then stays open
        /// for `holdOpen` before it is closed.
        case raw(String, delay: Duration = .zero, holdOpen: Duration = .zero)
        /// Close without answering.
        case drop

        static func http(
            _ status: Int, _ body: String, headers: [(String, String)] = [], delay: Duration = .zero
        ) -> Reply {
            var head = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            return .raw(head + "\r\n" + body, delay: delay)
        }
    }

    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The query as raw (still percent-encoded) pairs, in wire order.
        var rawQuery: [(String, String)] {
            guard let q = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return [] }
            return q.split(separator: "&").map { pair in
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(kv[0]), kv.count > 1 ? String(kv[1]) : "")
            }
        }

        /// The query decoded, as a server would see it.
        var query: [(String, String)] {
            rawQuery.map { ($0.0.removingPercentEncoding ?? $0.0, $0.1.removingPercentEncoding ?? $0.1) }
        }
    }

    let port: Int
    private let listener: Int32
    private let state: NIOLockedValueBox<(replies: [Reply], requests: [Request])>

    init(replies: [Reply]) throws {
        state = NIOLockedValueBox((replies, []))
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError.socket }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw ServerError.socket }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    enum ServerError: Error { case socket }

    var requests: [Request] { state.withLockedValue { $0.requests } }

    /// Stops accepting: `shutdown` wakes the blocked `accept`, and the
    /// accepting thread closes the socket itself. Closing it here instead
    /// would let another test reuse the descriptor number while this
    /// thread still calls `accept` on it, and steal that test's requests.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    /// A port that refuses connections: bound but never listening, and held
    /// until `release`, so no parallel test's server can take it meanwhile.
    static func refusingPort() throws -> (port: Int, release: @Sendable () -> Void) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError.socket }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { close(fd); throw ServerError.socket }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (Int(UInt16(bigEndian: address.sin_port)), { _ = close(fd) })
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                close(listener)
                return
            }
            // One thread per connection: an idle connection must not block the next request.
            Thread { [self] in self.handle(connection) }.start()
        }
    }

    private func handle(_ connection: Int32) {
        defer { close(connection) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !buffer.containsHeadEnd {
            let n = read(connection, &chunk, chunk.count)
            guard n > 0 else { return }
            buffer += chunk[0..<n]
        }
        let head = String(decoding: buffer, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let request = Request(
            method: requestLine.first.map(String.init) ?? "", target: requestLine.dropFirst().first.map(String.init) ?? "",
            headers: headers)
        let reply = state.withLockedValue { state -> Reply in
            state.requests.append(request)
            return state.replies.isEmpty ? .http(500, "no more scripted replies") : state.replies.removeFirst()
        }
        switch reply {
        case .drop:
            return
        case .raw(let text, let delay, let holdOpen):
            defer { Self.sleep(holdOpen) }
            Self.sleep(delay)
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                // send + MSG_NOSIGNAL: a client that hangs up early must not SIGPIPE the test process.
                let n = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Self.noSignal) }
                guard n > 0 else { return }
                sent += n
            }
        }
    }
}

extension LoopbackServer {
    #if canImport(Glibc)
    fileprivate static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    fileprivate static let noSignal: Int32 = 0
    #endif

    fileprivate static func sleep(_ duration: Duration) {
        guard duration > .zero else { return }
        Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

private extension [UInt8] {
    var containsHeadEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 {
            return true
        }
        return false
    }
}
