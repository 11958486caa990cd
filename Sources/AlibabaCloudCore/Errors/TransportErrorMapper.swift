import AsyncHTTPClient
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix

/// Maps what AsyncHTTPClient and NIO throw to our codes. Messages name the
/// kind of failure only: transport errors can carry URLs, and ours carry the
/// signed query (V1 puts the signature and STS token there).
enum TransportErrorMapper {
    static func map(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                 .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
                return APIError(code: APIError.Code.timeout, message: "request timed out (\(short(error)))")
            case .cancelled:
                return APIError(code: APIError.Code.cancelled, message: "request cancelled")
            case .remoteConnectionClosed, .uncleanShutdown, .bodyLengthMismatch:
                return APIError(
                    code: APIError.Code.connectionFailed, message: "connection closed before the full response")
            default:
                // No description: some (invalid header values) would quote our signed headers.
                return APIError(code: APIError.Code.connectionFailed, message: "HTTP client error")
            }
        }
        if let error = error as? HTTPParserError {
            // Closed in the middle of a body is a connection problem; any other
            // parser error means the peer does not speak HTTP properly.
            if error == .invalidEOFState {
                return APIError(
                    code: APIError.Code.connectionFailed, message: "connection closed before the full response")
            }
            return APIError(code: APIError.Code.invalidResponse, message: "malformed HTTP response (\(error))")
        }
        if error is CancellationError {
            return APIError(code: APIError.Code.cancelled, message: "request cancelled")
        }
        if let error = error as? IOError {
            return APIError(code: APIError.Code.connectionFailed, message: "connection failed: \(text(errno: error.errnoCode))")
        }
        if let error = error as? ChannelError {
            if case .connectTimeout = error {
                return APIError(code: APIError.Code.timeout, message: "connect timed out")
            }
            return APIError(code: APIError.Code.connectionFailed, message: "channel error: \(error)")
        }
        if let error = error as? NIOConnectionError {
            return APIError(code: APIError.Code.connectionFailed, message: describe(error))
        }
        // TLS and the like. Only
        // the type name: descriptions of these may include the target URL.
        return APIError(code: APIError.Code.connectionFailed, message: "connection failed (\(type(of: error)))")
    }

    /// Says why no connection could be made: the host name did not resolve,
    /// or each address refused. The host and port are the endpoint's, never
    /// a secret.
    private static func describe(_ error: NIOConnectionError) -> String {
        let target = "\(error.host):\(error.port)"
        guard let first = error.connectionErrors.first else {
            return error.dnsAError != nil || error.dnsAAAAError != nil
                ? "connection failed: the host name \(error.host) did not resolve (DNS lookup failed)"
                : "connection failed: no address to connect to for \(target)"
        }
        if let io = first.error as? IOError {
            return "connection failed: cannot connect to \(target): \(text(errno: io.errnoCode))"
        }
        return "connection failed: cannot connect to \(target) (\(type(of: first.error)))"
    }

    /// `Connection refused (errno 111)`. NIO's own `IOError` text repeats the
    /// call's signature and misplaces a parenthesis.
    static func text(errno code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }

    /// `HTTPClientError`'s description is fixed text such as "HTTPClientError.readTimeout".
    private static func short(_ error: HTTPClientError) -> String {
        let text = String(describing: error)
        return text.hasPrefix("HTTPClientError.") ? String(text.dropFirst("HTTPClientError.".count)) : text
    }
}
