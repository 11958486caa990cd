import AlibabaCloudCore
import Testing

@Suite struct PercentEncodingTests {
    @Test(arguments: [
        ("", ""),
        ("AZaz09-_.~", "AZaz09-_.~"),
        (" ", "%20"),
        ("*", "%2A"),
        ("+", "%2B"),
        ("/", "%2F"),
        (":", "%3A"),
        ("=", "%3D"),
        ("&", "%26"),
        ("%", "%25"),
        ("\"'\\", "%22%27%5C"),
        ("\n", "%0A"),
        ("告警", "%E5%91%8A%E8%AD%A6"),
        ("😀", "%F0%9F%98%80"),
        ("é", "%C3%A9"),
        ("2026-01-02T03:04:05Z", "2026-01-02T03%3A04%3A05Z"),
    ])
    func encodes(_ input: String, _ expected: String) {
        #expect(PercentEncoding.encode(input) == expected)
    }

    @Test func everyASCIIByteOutsideUnreservedIsEncodedUpperCase() {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)
        for byte in UInt8(0)...UInt8(127) {
            let s = String(decoding: [byte], as: UTF8.self)
            let encoded = PercentEncoding.encode(s)
            if unreserved.contains(byte) {
                #expect(encoded == s)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                #expect(encoded == "%" + (hex.count == 1 ? "0" + hex : hex))
            }
        }
    }

    /// V1 encodes the canonicalized query a second time for the string to sign:
    /// `%` must turn into `%25` so `%20` becomes `%2520`.
    @Test func doubleEncodingAsV1Uses() {
        #expect(PercentEncoding.encode(PercentEncoding.encode("a b*")) == "a%2520b%252A")
    }
}
