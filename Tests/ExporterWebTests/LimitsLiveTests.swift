import AsyncHTTPClient
import ExporterWeb
import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import NIOConcurrencyHelpers
import Testing
import WebTestSupport

/// `--web.max-requests`, header size and the idle time-out, over a real socket.
@Suite("Limits over a live socket", .timeLimit(.minutes(1)))
struct LimitsLiveTests {
    /// Lets requests into `/slow` wait until the test opens it.
    final class Gate: Sendable {
        let entered: AsyncStream<Void>
        private let enteredContinuation: AsyncStream<Void>.Continuation
        private let opened = NIOLockedValueBox<[CheckedContinuation<Void, Never>]?>([])

        init() {
            (entered, enteredContinuation) = AsyncStream.makeStream()
        }

        func pass() async {
            enteredContinuation.yield()
            await withCheckedContinuation { continuation in
                let waiting = opened.withLockedValue { waiters -> Bool in
                    guard waiters != nil else { return false }
                    waiters?.append(continuation)
                    return true
                }
                if !waiting { continuation.resume() }
            }
        }

        func open() {
            for waiter in opened.withLockedValue({ waiters in defer { waiters = nil }; return waiters ?? [] }) { waiter.resume() }
        }
    }

    @Test("past --web.max-requests the answer is 503, and the server recovers")
    func maxRequests() async throws {
        let store = WebConfigStore(logger: WebTestServer.quiet)
        let gate = Gate()
        let observed = RecordingObserver()
        try await WebTestServer.withServer(
            store: store, options: WebServerOptions(maxConcurrentRequests: 2), observer: observed,
            routes: { router in router.get("/slow") { _, _ in await gate.pass(); return "done\n" } }
        ) { port async throws in
            try await WebTestClient.withClient(trusting: nil) { client async throws in
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<2 {
                        group.addTask { try await WebTestClient.get(client, "http://127.0.0.1:\(port)/slow").status }
                    }
                    var entered = gate.entered.makeAsyncIterator()
                    await entered.next()
                    await entered.next()
                    let refused = try await WebTestClient.get(client, "http://127.0.0.1:\(port)/metrics")
                    #expect(refused.status == 503)
                    gate.open()
                    for try await status in group { #expect(status == 200) }
                }
                #expect(try await WebTestClient.get(client, "http://127.0.0.1:\(port)/metrics").status == 200)
            }
        }
        await observed.waitFor(count: 4)
        #expect(observed.statuses.filter { $0 == 503 }.count == 1)
        #expect(observed.statuses.filter { $0 == 200 }.count == 3)
    }

    @Test("request headers past the limit are refused and the server keeps serving")
    func headerLimit() async throws {
        let store = WebConfigStore(logger: WebTestServer.quiet)
        try await WebTestServer.withServer(store: store, options: WebServerOptions(maxHeaderBytes: 4096)) { port async throws in
            try await WebTestClient.withClient(trusting: nil) { client async throws in
                let huge = String(repeating: "x", count: 8192)
                let outcome = await outcome(of: {
                    try await WebTestClient.get(client, "http://127.0.0.1:\(port)/metrics", headers: [("X-Huge", huge)]).status
                })
                if case .success(let status) = outcome { #expect((400..<500).contains(status)) }
                #expect(try await WebTestClient.get(client, "http://127.0.0.1:\(port)/metrics").status == 200)
            }
        }
    }

    @Test("a client that starts a request and stops sending is disconnected after the idle time-out")
    func slowClient() async throws {
        let store = WebConfigStore(logger: WebTestServer.quiet)
        try await WebTestServer.withServer(store: store, options: WebServerOptions(idleTimeout: .milliseconds(500))) { port async throws in
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            // Under load the server may have closed the connection before this write: that is the point.
            try? await channel.writeAndFlush(ByteBuffer(string: "GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")).get()
            // Returns once the server has closed the connection; the suite's time limit bounds it.
            try await channel.closeFuture.get()
            #expect(!channel.isActive)
        }
    }

    @Test("the observer hears every answer with its path and status, 404 included")
    func observer() async throws {
        let store = WebConfigStore(logger: WebTestServer.quiet)
        let observed = RecordingObserver()
        try await WebTestServer.withServer(store: store, observer: observed) { port async throws in
            try await WebTestClient.withClient(trusting: nil) { client async throws in
                #expect(try await WebTestClient.get(client, "http://127.0.0.1:\(port)/metrics").status == 200)
                #expect(try await WebTestClient.get(client, "http://127.0.0.1:\(port)/nowhere").status == 404)
            }
        }
        await observed.waitFor(count: 2)
        #expect(observed.records.map(\.path) == ["/metrics", "/nowhere"])
        #expect(observed.statuses == [200, 404])
    }
}

final class RecordingObserver: HTTPRequestObserver {
    struct Record: Sendable {
        var path: String
        var status: Int
    }

    private let stored = NIOLockedValueBox<[Record]>([])
    var records: [Record] { stored.withLockedValue { $0 } }
    var statuses: [Int] { records.map(\.status) }

    /// Waits until `count` answers were observed: the observer hears of an
    /// answer just after its last byte went out, possibly after the client read it.
    func waitFor(count: Int) async {
        while records.count < count { try? await Task.sleep(for: .milliseconds(10)) }
    }

    func requestFinished(path: String, status: Int, duration: Duration) {
        stored.withLockedValue { $0.append(Record(path: path, status: status)) }
    }
}
