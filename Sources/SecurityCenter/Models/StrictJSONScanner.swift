/// A strict, allocation-light JSON reader over UTF-8 bytes: the fast path of
/// `DescribeDingTalkPage.decode` and of `ConfigList` parsing.
///
/// Why not `JSONSerialization`: the `Codable` decoder this replaces defines
/// the behaviour, and `JSONDecoder` (swift-foundation) reads scalars lazily.
/// A malformed value (raw control character, lone surrogate, bad escape,
/// invalid UTF-8, `01`, `1e400`) only costs the field that holds it, and
/// nothing at all in an unknown field; `JSONSerialization` rejects the whole
/// page for it. It also keeps the last of duplicate keys where `JSONDecoder`
/// keeps the first, and hands booleans back as `NSNumber`.
///
/// So this reader accepts only what it can decode exactly like `JSONDecoder`:
/// RFC 8259 JSON in UTF-8 without BOM, valid strings, nesting up to
/// `maximumDepth`. Where a value is read (not skipped) it also wants numbers
/// that are plain integers within `Int64`, and no duplicate keys. Anything
/// else throws `Unsupported`, and the caller falls back to `JSONDecoder`,
/// which then decides, errors and messages included. Real responses never
/// take the fallback; odd ones lose speed, not correctness.
struct StrictJSONScanner {
    /// "Not sure this would decode like `JSONDecoder`": use the fallback.
    /// Typed, so bailing out allocates nothing.
    struct Unsupported: Error {}

    /// Far below `JSONDecoder`'s own limit, so a document this reader
    /// refuses for depth is still decided by `JSONDecoder`. Bounds recursion.
    static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// A whole document (any value at the root) as `AnyJSONValue`.
    static func value(ofDocument bytes: UnsafeBufferPointer<UInt8>) throws(Unsupported) -> AnyJSONValue {
        var scanner = StrictJSONScanner(bytes)
        let value = try scanner.readValue()
        try scanner.expectEnd()
        return value
    }

    // MARK: Structure

    /// The next byte after whitespace, not consumed; throws at the end.
    mutating func peek() throws(Unsupported) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        return bytes[index]
    }

    /// Consumes `byte`, after whitespace.
    mutating func expect(_ byte: UInt8) throws(Unsupported) {
        guard try peek() == byte else { throw Unsupported() }
        index += 1
    }

    /// Only whitespace may follow the root value.
    mutating func expectEnd() throws(Unsupported) {
        skipWhitespace()
        guard index == bytes.count else { throw Unsupported() }
    }

    /// Iterates the members of the object that starts here: `body` reads the
    /// key (the scanner stands on its opening quote) and then its value.
    mutating func forEachMember(_ body: (inout StrictJSONScanner) throws(Unsupported) -> Void) throws(Unsupported) {
        try expect(UInt8(ascii: "{"))
        try enter()
        defer { depth -= 1 }
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw Unsupported() }
            try body(&self)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw Unsupported()
            }
        }
    }

    /// Iterates the elements of the array that starts here: `body` reads one
    /// element. No trailing comma (`JSONDecoder` takes it; we fall back).
    mutating func forEachElement(_ body: (inout StrictJSONScanner) throws(Unsupported) -> Void) throws(Unsupported) {
        try expect(UInt8(ascii: "["))
        try enter()
        defer { depth -= 1 }
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try body(&self)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw Unsupported()
            }
        }
    }

    /// Reads a member's key and its colon; returns the index in `keys` of the
    /// key it equals, or nil. Unescaped keys (all real ones) are compared in
    /// place. Byte equality is `String` equality here: no key we look for
    /// contains `K`, `;` or a backtick, the only ASCII characters with a
    /// non-ASCII canonical equivalent.
    mutating func readKey(matching keys: [[UInt8]]) throws(Unsupported) -> Int? {
        let start = index + 1
        let (end, simple) = try scanString()
        var found: Int?
        if simple {
            // `JSONDecoder` refuses an object with a key that is not UTF-8.
            try validateUTF8(from: start, to: end)
            let length = end - start
            for (position, key) in keys.enumerated() where key.count == length {
                if key.withUnsafeBufferPointer({ memoryEquals($0, start) }) {
                    found = position
                    break
                }
            }
        } else {
            let decoded = Array(try decodeString(from: start, to: end).utf8)
            found = keys.firstIndex(of: decoded)
        }
        index = end + 1
        try expect(UInt8(ascii: ":"))
        return found
    }

    private func memoryEquals(_ key: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        for offset in 0..<key.count where key[offset] != bytes[start + offset] { return false }
        return true
    }

    private mutating func enter() throws(Unsupported) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Unsupported() }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    // MARK: Values

    /// Validates and passes over one value without building it. `readable`:
    /// also throw where `readValue` would (a number that is not a plain
    /// `Int64`), for a caller that must agree with reading everything.
    mutating func skipValue(readable: Bool = false) throws(Unsupported) {
        switch try peek() {
        case UInt8(ascii: "\""):
            let (end, simple) = try scanString()
            if !simple { _ = try decodeString(from: index + 1, to: end) } else { try validateUTF8(from: index + 1, to: end) }
            index = end + 1
        case UInt8(ascii: "{"):
            try forEachMember { (scanner: inout StrictJSONScanner) throws(Unsupported) in
                try scanner.skipValue(readable: readable)
                try scanner.expect(UInt8(ascii: ":"))
                try scanner.skipValue(readable: readable)
            }
        case UInt8(ascii: "["):
            try forEachElement { (scanner: inout StrictJSONScanner) throws(Unsupported) in
                try scanner.skipValue(readable: readable)
            }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            let integer = try scanNumber()
            if readable, integer == nil { throw Unsupported() }
        }
    }

    /// Reads one value as `JSONDecoder` + `AnyJSONValue` would see it.
    mutating func readValue() throws(Unsupported) -> AnyJSONValue {
        switch try peek() {
        case UInt8(ascii: "\""):
            return AnyJSONValue(.string(try readString()))
        case UInt8(ascii: "{"):
            var fields: [String: AnyJSONValue] = [:]
            try forEachMember { (scanner: inout StrictJSONScanner) throws(Unsupported) in
                let key = try scanner.readString()
                try scanner.expect(UInt8(ascii: ":"))
                let value = try scanner.readValue()
                // How `JSONDecoder` builds a dictionary from duplicate keys is
                // not something to rely on: fall back.
                guard fields.updateValue(value, forKey: key) == nil else { throw Unsupported() }
            }
            return AnyJSONValue(.object(fields))
        case UInt8(ascii: "["):
            var items: [AnyJSONValue] = []
            try forEachElement { (scanner: inout StrictJSONScanner) throws(Unsupported) in
                items.append(try scanner.readValue())
            }
            return AnyJSONValue(.array(items))
        case UInt8(ascii: "t"):
            try literal("true")
            return AnyJSONValue(.bool(true))
        case UInt8(ascii: "f"):
            try literal("false")
            return AnyJSONValue(.bool(false))
        case UInt8(ascii: "n"):
            try literal("null")
            return AnyJSONValue(.null)
        default:
            // Fractions, exponents and integers beyond Int64 go through
            // Double or Decimal in `JSONDecoder`; not worth copying: fall back.
            guard let integer = try scanNumber() else { throw Unsupported() }
            return AnyJSONValue(.number(Double(integer), integer))
        }
    }

    /// A string value (the scanner stands on its opening quote).
    mutating func readString() throws(Unsupported) -> String {
        let start = index + 1
        let (end, simple) = try scanString()
        let text: String
        if simple {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard let valid = Self.validString(slice) else { throw Unsupported() }
            text = valid
        } else {
            text = try decodeString(from: start, to: end)
        }
        index = end + 1
        return text
    }

    private mutating func literal(_ word: StaticString) throws(Unsupported) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw Unsupported() }
        let matches = word.withUTF8Buffer { memoryEquals($0, index) }
        guard matches else { throw Unsupported() }
        index += count
    }

    /// Passes over an RFC 8259 number; returns it when it is a plain integer
    /// (`-?(0|[1-9][0-9]*)`) within Int64, else nil.
    private mutating func scanNumber() throws(Unsupported) -> Int64? {
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw Unsupported() }
        var value: Int64 = 0
        var fits = true
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                // Accumulated negatively so that Int64.min fits.
                let digit = Int64(bytes[index] &- UInt8(ascii: "0"))
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = times10.subtractingReportingOverflow(digit)
                if overflow1 || overflow2 { fits = false }
                value = next
                index += 1
            }
        }
        var plain = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            plain = false
            index += 1
            try digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            plain = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
        guard plain, fits else { return nil }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }

    private mutating func digits() throws(Unsupported) {
        guard index < bytes.count, isDigit(bytes[index]) else { throw Unsupported() }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    // MARK: Strings

    /// From an opening quote, finds the closing one. `simple`: no escapes.
    /// Raw control characters throw (`JSONDecoder` refuses them per field).
    /// Does not move the scanner; the caller sets `index` past the quote.
    private func scanString() throws(Unsupported) -> (end: Int, simple: Bool) {
        var position = index + 1
        var simple = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { return (position, simple) }
            if byte < 0x20 { throw Unsupported() }
            if byte == UInt8(ascii: "\\") {
                simple = false
                position += 2
            } else {
                position += 1
            }
        }
        throw Unsupported()
    }

    private func validateUTF8(from start: Int, to end: Int) throws(Unsupported) {
        var position = start
        while position < end, bytes[position] < 0x80 { position += 1 }
        if position == end { return }
        guard Self.validString(UnsafeBufferPointer(rebasing: bytes[position..<end])) != nil else {
            throw Unsupported()
        }
    }

    /// Unescapes `bytes[start..<end]`. Escapes produce whole UTF-8 sequences,
    /// so validating the result validates the raw bytes between them too.
    private func decodeString(from start: Int, to end: Int) throws(Unsupported) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var position = start
        while position < end {
            // The run up to the next escape, copied whole.
            var runEnd = position
            while runEnd < end, bytes[runEnd] != UInt8(ascii: "\\") { runEnd += 1 }
            if runEnd > position {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<runEnd]))
                position = runEnd
                continue
            }
            guard position + 1 < end else { throw Unsupported() }
            let escaped = bytes[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var unit = try hex4(at: position, end: end)
                position += 4
                var scalarValue = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    // A high surrogate needs a low one right after it.
                    guard position + 1 < end, bytes[position] == UInt8(ascii: "\\"),
                          bytes[position + 1] == UInt8(ascii: "u")
                    else { throw Unsupported() }
                    unit = try hex4(at: position + 2, end: end)
                    guard (0xDC00...0xDFFF).contains(unit) else { throw Unsupported() }
                    position += 6
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw Unsupported()
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { throw Unsupported() }
                UTF8.encode(scalar) { out.append($0) }
            default:
                throw Unsupported()
            }
        }
        guard let text = out.withUnsafeBufferPointer(Self.validString) else { throw Unsupported() }
        return text
    }

    private func hex4(at start: Int, end: Int) throws(Unsupported) -> UInt16 {
        guard end - start >= 4 else { throw Unsupported() }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[start + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unsupported()
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }
}
