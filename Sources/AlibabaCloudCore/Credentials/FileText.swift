import Foundation

/// Reads a small credentials-related file as UTF-8, trailing new lines
/// trimmed. Failures name the file, never its content.
enum FileText {
    static let maxBytes = 1024 * 1024

    static func read(_ path: String, what: String) throws(APIError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw APIError.credentialsUnavailable("\(what) \(path) does not exist")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw APIError.credentialsUnavailable("\(what) \(path) cannot be read")
        }
        guard data.count <= maxBytes else { throw APIError.credentialsUnavailable("\(what) \(path) is larger than 1 MiB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw APIError.credentialsUnavailable("\(what) \(path) is not UTF-8 text")
        }
        var trimmed = Substring(text)
        while let last = trimmed.last, last == "\n" || last == "\r" || last == "\r\n" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }
}
