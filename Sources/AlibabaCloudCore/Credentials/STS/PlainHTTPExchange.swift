import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One unsigned HTTP exchange for the credential sources that sign nothing
/// themselves: the ECS metadata service and `AssumeRoleWithOIDC` (whose
/// proof is the OIDC token in the body). Time-out over the whole exchange,
/// body capped; every failure is an `APIError` (`Timeout`, `ConnectionFailed`, ...).
struct PlainHTTPExchange: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
        var isSuccess: Bool { (200..<300).contains(status) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Credential answers are small; anything bigger is not one.
    static let maxBodyBytes = 64 * 1024

    let httpClient: HTTPClient
    let timeout: Duration

    func send(
        _ method: HTTPMethod, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws(APIError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let prepared = request
        let client = httpClient
        let timeout = timeout
        do {
            return try await AttemptTimeout.run(timeout) {
                let response = try await client.execute(prepared, deadline: NIODeadline.now() + TimeAmount(timeout))
                var collected: [UInt8] = []
                for try await chunk in response.body {
                    guard collected.count + chunk.readableBytes <= Self.maxBodyBytes else {
                        throw APIError(code: APIError.Code.invalidResponse, message: "answer larger than \(Self.maxBodyBytes) bytes")
                    }
                    collected.append(contentsOf: chunk.readableBytesView)
                }
                return Response(status: Int(response.status.code), body: collected)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw TransportErrorMapper.map(error)
        }
    }
}
