extension StrictJSONScanner {
    private static let typeKey: [[UInt8]] = [Array("type".utf8)]

    /// The `type` of each object of a `ConfigList` document, in order, as
    /// `alertTypes` reads them from the full `AnyJSONValue` (each object's
    /// `type` as `scalarText`; objects without one and other elements
    /// contribute nothing), but without building the other members: every
    /// notification of every poll carries one, and building dictionaries for
    /// members nobody reads was a tenth of a poll's CPU (perf,
    /// docs/benchmarks.md).
    ///
    /// Throws `Unsupported` where the full reader must decide: the root not
    /// an array, a repeated `type` key, a `type` the strict reader would not
    /// read itself, any other value it would not read (e.g. `1e400`, which
    /// `JSONDecoder` refuses for the whole document). Nothing else is built.
    static func configTypes(ofDocument bytes: UnsafeBufferPointer<UInt8>) throws(Unsupported) -> [String] {
        var scanner = StrictJSONScanner(bytes)
        guard try scanner.peek() == UInt8(ascii: "[") else { throw Unsupported() }
        var types: [String] = []
        try scanner.forEachElement { (scanner: inout StrictJSONScanner) throws(Unsupported) in
            guard try scanner.peek() == UInt8(ascii: "{") else { return try scanner.skipValue(readable: true) }
            var type: AnyJSONValue?
            try scanner.forEachMember { (scanner: inout StrictJSONScanner) throws(Unsupported) in
                guard try scanner.readKey(matching: typeKey) != nil else { return try scanner.skipValue(readable: true) }
                guard type == nil else { throw Unsupported() }
                type = try scanner.readValue()
            }
            if let text = type?.scalarText { types.append(text) }
        }
        try scanner.expectEnd()
        return types
    }
}
