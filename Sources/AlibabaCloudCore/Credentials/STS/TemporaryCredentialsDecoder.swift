import Foundation

/// Reads the temporary credentials out of an STS answer
/// (`{"Credentials": {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}}`)
/// or a metadata service answer (the same four fields at the top level, with `"Code": "Success"`).
enum TemporaryCredentialsDecoder {
    private struct Fields: Decodable {
        var accessKeyId: String?
        var accessKeySecret: String?
        var securityToken: String?
        var expiration: String?
        var code: String?

        enum CodingKeys: String, CodingKey {
            case accessKeyId = "AccessKeyId", accessKeySecret = "AccessKeySecret", securityToken = "SecurityToken"
            case expiration = "Expiration", code = "Code"
        }
    }

    private struct STSAnswer: Decodable {
        var credentials: Fields?
        enum CodingKeys: String, CodingKey { case credentials = "Credentials" }
    }

    static func sts(_ body: [UInt8], source: String) throws(APIError) -> Credentials {
        guard let answer = try? JSONDecoder().decode(STSAnswer.self, from: Data(body)), let fields = answer.credentials else {
            throw APIError(code: APIError.Code.invalidResponse, message: "\(source): the answer holds no Credentials object")
        }
        return try credentials(fields, source: source)
    }

    static func metadata(_ body: [UInt8], source: String) throws(APIError) -> Credentials {
        guard let fields = try? JSONDecoder().decode(Fields.self, from: Data(body)) else {
            throw APIError(code: APIError.Code.invalidResponse, message: "\(source): the answer is not a JSON object")
        }
        guard fields.code == "Success" else {
            // The code is the service's word, never a credential; keep it short.
            let code = String((fields.code ?? "missing").prefix(64))
            throw APIError(code: APIError.Code.invalidResponse, message: "\(source): Code is \(code), not Success")
        }
        return try credentials(fields, source: source)
    }

    private static func credentials(_ fields: Fields, source: String) throws(APIError) -> Credentials {
        guard let id = fields.accessKeyId, !id.isEmpty, let secret = fields.accessKeySecret, !secret.isEmpty,
              let token = fields.securityToken, !token.isEmpty
        else {
            throw APIError(code: APIError.Code.invalidResponse, message: "\(source): AccessKeyId, AccessKeySecret or SecurityToken missing")
        }
        guard let text = fields.expiration, let expiration = parseExpiration(text) else {
            throw APIError(code: APIError.Code.invalidResponse, message: "\(source): Expiration missing or not yyyy-MM-ddTHH:mm:ssZ")
        }
        return Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: token, expiration: expiration)
    }

    private static let style = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// `2026-11-29T12:00:00Z`, as STS and the metadata service write it.
    static func parseExpiration(_ text: String) -> Date? {
        try? style.parse(text)
    }
}
