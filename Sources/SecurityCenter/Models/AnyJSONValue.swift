import Foundation

/// Lets a decoder read whatever comes, for fields that may be a string or an
/// array (`GroupIdList`, `ConfigList`). `StrictJSONScanner` builds the same
/// values without `Codable`, so both decoders share the readers below.
struct AnyJSONValue: Decodable {
    enum Value {
        case string(String)
        case number(Double, Int64?)
        case bool(Bool)
        case array([AnyJSONValue])
        case object([String: AnyJSONValue])
        case null
    }

    let value: Value

    init(_ value: Value) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            value = .number(Double(int), int)
        } else if let double = try? container.decode(Double.self) {
            value = .number(double, Int64(exactly: double))
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([AnyJSONValue].self) {
            value = .array(array)
        } else {
            value = .object(try container.decode([String: AnyJSONValue].self))
        }
    }

    /// Scalars as text (numbers without a needless ".0"); nil for the rest.
    /// For a field value this is also what `lenientString(forKey:)` reads.
    var scalarText: String? {
        switch value {
        case .string(let s): return s
        case .number(let d, let i): return i.map(String.init) ?? LenientNumber.text(d)
        case .bool(let b): return String(b)
        case .array, .object, .null: return nil
        }
    }

    /// What `lenientInt64(forKey:)` reads from the same field: integral
    /// numbers, and strings holding one; never booleans (`JSONDecoder` does
    /// not read `true` as a number either).
    var lenientInt64: Int64? {
        switch value {
        case .number(let d, let i): return i ?? Int64(exactly: d)
        case .string(let s): return LenientNumber.int64(s)
        case .bool, .array, .object, .null: return nil
        }
    }

    /// What `lenientInt(forKey:)` reads.
    var lenientInt: Int? {
        lenientInt64.flatMap { Int(exactly: $0) }
    }
}
