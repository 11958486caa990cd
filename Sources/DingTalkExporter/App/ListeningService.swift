import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle

/// Runs one HTTP application and names the listen address when it cannot
/// start (a port in use), so the one line the user sees says what to fix.
struct ListeningService<App: ApplicationProtocol>: Service {
    let app: App
    let address: ListenAddress

    func run() async throws {
        do {
            try await app.run()
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as IOError {
            // NIO's own text repeats the call's signature and misplaces a parenthesis.
            throw ListenError(address: address, reason: "\(String(cString: strerror(error.errnoCode))) (errno \(error.errnoCode))")
        } catch {
            throw ListenError(address: address, reason: "\(error)")
        }
    }
}

extension ListeningService: CustomStringConvertible {
    var description: String { "HTTPServer(\(address))" }
}

/// The HTTP server could not listen on a `--web.listen-address`.
public struct ListenError: Error, CustomStringConvertible, Sendable {
    public var address: ListenAddress
    public var reason: String
    public var description: String { "cannot listen on \(address) (--web.listen-address): \(reason)" }
}
