import Foundation
import Logging

/// Writes each event as one JSON object on one line: `ts`, `level`, `msg`,
/// `err` when the event carries an error, then the metadata in key order.
/// Nested metadata stays nested (arrays, objects); every string is escaped,
/// so a value can never end the line or the object.
enum JSONLine {
    static func line(_ record: LogRecord) -> String {
        var members = [
            member("ts", .string(record.timestamp)), member("level", .string(record.level)),
            member("msg", .string(record.message)),
        ]
        if let error = record.error { members.append(member("err", .string(error))) }
        for field in record.fields { members.append(member(field.key, field.value)) }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func member(_ key: String, _ value: Logger.MetadataValue) -> String {
        LogRecord.quoted(key) + ":" + json(value)
    }

    private static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string): LogRecord.quoted(string)
        case .stringConvertible(let convertible): LogRecord.quoted(convertible.description)
        case .array(let values): "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            "{" + dictionary.sorted { $0.key < $1.key }.map { member($0.key, $0.value) }.joined(separator: ",") + "}"
        }
    }
}
