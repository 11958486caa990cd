import Foundation

/// Turns a non-2xx answer into an `APIError`.
///
/// The service answers JSON (`{"Code","Message","RequestId",...}`); some
/// gateways answer XML (`<Error><Code>..</Code>...</Error>`), HTML, or
/// nothing. Anything without a usable code becomes `HTTP<status>`, and the
/// message then describes the body without quoting it (it could be large,
/// hostile, or echo something it should not).
package enum ErrorBodyParser {
    /// Longest `Code` we accept as a code; anything else is not a code.
    static let maxCodeLength = 128
    /// Messages are user-facing and end up in logs: keep them short.
    static let maxMessageLength = 512

    /// `redact` runs on the service's message before it is shortened, so a
    /// long secret cut in half by truncation cannot slip through.
    package static func parse(status: Int, body: [UInt8], redact: (String) -> String = { $0 }) -> APIError {
        let fields = jsonFields(body) ?? xmlFields(body)
        let message = fields?.message.map { truncated(redact($0)) }
        if let fields, let code = fields.code.flatMap(sanitizedCode) {
            return APIError(
                code: code, message: message ?? "HTTP \(status)", httpStatus: status,
                requestId: ResponseText.token(fields.requestId))
        }
        return APIError(
            code: APIError.Code.http(status), message: message ?? describe(body, status: status),
            httpStatus: status, requestId: ResponseText.token(fields?.requestId))
    }

    struct Fields: Equatable {
        var code: String?
        var message: String?
        var requestId: String?
    }

    static func jsonFields(_ body: [UInt8]) -> Fields? {
        guard let first = body.first(where: { !isBlank($0) }), first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        else { return nil }
        func string(_ key: String) -> String? {
            switch object[key] {
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            default: return nil
            }
        }
        return Fields(code: string("Code"), message: string("Message"), requestId: string("RequestId"))
    }

    /// A tiny hand-written extractor, not an XML parser: the gateways' error
    /// documents are flat (`<Error><Code>x</Code>...</Error>`), and pulling in
    /// a full parser (FoundationXML) for three leaf elements is not worth it.
    static func xmlFields(_ body: [UInt8]) -> Fields? {
        let text = String(decoding: body, as: UTF8.self)
        guard text.trimmingASCIIWhitespace().hasPrefix("<"), let errorStart = text.range(of: "<Error>") else {
            return nil
        }
        let inner = text[errorStart.upperBound...]
        func element(_ name: String) -> String? {
            guard let open = inner.range(of: "<\(name)>"),
                  let close = inner.range(of: "</\(name)>", range: open.upperBound..<inner.endIndex)
            else { return nil }
            return unescapeXML(String(inner[open.upperBound..<close.lowerBound])).trimmingASCIIWhitespace()
        }
        let fields = Fields(code: element("Code"), message: element("Message"), requestId: element("RequestId"))
        return fields == Fields() ? nil : fields
    }

    static func unescapeXML(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A code is a short token (`Throttling.User`, `InvalidAccessKeyId.NotFound`):
    /// printable ASCII without blanks. Anything else is not trusted as a label value.
    static func sanitizedCode(_ raw: String) -> String? {
        ResponseText.token(raw, maxLength: maxCodeLength)
    }

    static func describe(_ body: [UInt8], status: Int) -> String {
        guard let first = body.first(where: { !isBlank($0) }) else { return "HTTP \(status) with an empty body" }
        let kind: String
        if first == UInt8(ascii: "<") {
            let head = String(decoding: body.prefix(256), as: UTF8.self).lowercased()
            kind = head.contains("<html") || head.contains("<!doctype html") ? "an HTML" : "an XML"
        } else {
            kind = "an unrecognised"
        }
        return "HTTP \(status) with \(kind) body of \(body.count) bytes and no error code"
    }

    /// One line, no control or formatting characters, at most `maxMessageLength` characters.
    static func truncated(_ message: String) -> String {
        ResponseText.sanitize(message, maxLength: maxMessageLength)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }
}
