/// One sample line of the text format, parsed strictly: `name{l="v",...} value`
/// with only the escapes `\\`, `\"` and `\n` in label values.
struct ExpositionLine {
    var name: String
    var labels: [String: String] = [:]
    var value: Double

    init?(_ line: ArraySlice<UInt8>) {
        var bytes = line
        func isNameByte(_ b: UInt8, first: Bool) -> Bool {
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95 || b == 58 || (!first && b >= 48 && b <= 57)
        }
        func readName() -> String? {
            guard let first = bytes.first, isNameByte(first, first: true) else { return nil }
            let end = bytes.firstIndex { !isNameByte($0, first: false) } ?? bytes.endIndex
            defer { bytes = bytes[end...] }
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
        guard let name = readName() else { return nil }
        self.name = name
        if bytes.first == UInt8(ascii: "{") {
            bytes = bytes.dropFirst()
            while bytes.first != UInt8(ascii: "}") {
                guard let label = readName(), bytes.first == UInt8(ascii: "="), bytes.dropFirst().first == UInt8(ascii: "\"")
                else { return nil }
                bytes = bytes.dropFirst(2)
                var value: [UInt8] = []
                while true {
                    guard let b = bytes.popFirst() else { return nil }
                    if b == UInt8(ascii: "\"") { break }
                    if b == UInt8(ascii: "\n") { return nil }
                    guard b == UInt8(ascii: "\\") else { value.append(b); continue }
                    switch bytes.popFirst() {
                    case UInt8(ascii: "\\"): value.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "\""): value.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                    default: return nil
                    }
                }
                guard labels.updateValue(String(decoding: value, as: UTF8.self), forKey: label) == nil else { return nil }
                if bytes.first == UInt8(ascii: ",") { bytes = bytes.dropFirst() }
            }
            bytes = bytes.dropFirst()
        }
        guard bytes.popFirst() == UInt8(ascii: " "), let value = Double(String(decoding: bytes, as: UTF8.self)) else {
            return nil
        }
        self.value = value
    }
}
