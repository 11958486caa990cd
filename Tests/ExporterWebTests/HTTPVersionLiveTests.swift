import ExporterWeb
import NIOCore
import NIOPosix
import NIOConcurrencyHelpers
import Testing

/// HTTP/1.0 without keep-alive gets its answer and then the close it waits
/// for; HTTP/1.0 with keep-alive and HTTP/1.1 keep the connection for the
/// next request. Raw bytes over a real socket: a client library would hide
/// the version and the close.
@Suite("HTTP versions over a live socket", .timeLimit(.minutes(1)))
struct HTTPVersionLiveTests {
    /// (request head, answers expected to two pipelined copies, closed by the server)
    static let cases: [(String, Int, Bool)] = [
        ("GET /metrics HTTP/1.0\r\n\r\n", 1, true),
        ("GET /metrics HTTP/1.0\r\nConnection: close\r\n\r\n", 1, true),
        ("GET /metrics HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 2, false),
        ("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n", 2, false),
        ("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 1, true),
    ]

    @Test("the connection is closed after the answer exactly when the request's version and Connection header say so", arguments: cases)
    func closing(request: String, answers: Int, closed: Bool) async throws {
        let store = WebConfigStore(logger: WebTestServer.quiet)
        try await WebTestServer.withServer(store: store) { port async throws in
            let received = ReceivedBytes()
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in channel.pipeline.addHandler(received) }
                .connect(host: "127.0.0.1", port: port).get()
            try await channel.writeAndFlush(ByteBuffer(string: request + request)).get()
            if closed {
                // Returns once the server closed; the suite's time limit bounds it.
                try await channel.closeFuture.get()
            } else {
                await received.waitFor(answers: answers)
                #expect(channel.isActive)
                try await channel.close()
            }
            #expect(received.answers == answers)
            #expect(received.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(received.text.hasSuffix("metric_a 1\n"))
        }
    }
}

/// Collects what the server sends on one client connection.
final class ReceivedBytes: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let bytes = NIOLockedValueBox<[UInt8]>([])
    var text: String { String(decoding: bytes.withLockedValue { $0 }, as: UTF8.self) }
    /// Status lines received.
    var answers: Int { text.components(separatedBy: "HTTP/1.1 ").count - 1 }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        bytes.withLockedValue { $0 += buffer.readableBytesView }
    }

    /// Waits until `answers` complete answers (their bodies included) arrived.
    func waitFor(answers count: Int) async {
        while answers < count || !text.hasSuffix("metric_a 1\n") { try? await Task.sleep(for: .milliseconds(10)) }
    }
}
