extension StrictJSONScanner {
    /// `bytes` as a `String` if they are valid UTF-8, else nil.
    ///
    /// `String(validating:as:)` is generic and not specialised across the
    /// standard library's boundary: every call looked up type metadata at
    /// run time, a tenth of a page's decoding (perf). Nearly every string
    /// of a page is ASCII, which `String(decoding:as:)` (specialised for
    /// UTF-8) takes as it is; only the others go the generic way, where an
    /// invalid sequence is refused rather than repaired.
    static func validString(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isASCII(bytes) ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        return combined < 0x80
    }
}
