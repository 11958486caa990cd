import Foundation
@testable import SecurityCenterSimulator
import Testing

/// The simulator's small parts, on plain values.
@Suite struct SimulatorInternalsTests {
    static let timestamps: [(String, Double?)] = [
        ("2026-01-02T03:04:05Z", 1_767_323_045),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T23:59:59Z", 1_709_251_199),
        ("2026-01-02T03:04:05.250Z", 1_767_323_045.25),
        ("2026-01-02 03:04:05Z", nil),
        ("2026-01-02T03:04:05", nil),
        ("2026-13-02T03:04:05Z", nil),
        ("2026-01-02T03:04:05+08:00", nil),
        ("", nil),
    ]

    @Test(arguments: timestamps)
    func parsesAcsTimestamps(text: String, seconds: Double?) {
        #expect(AcsTimestamp.parse(text)?.timeIntervalSince1970 == seconds)
    }

    static let queries: [(String, [String])] = [
        ("a=1&b=%20x%2Ay~", ["a=1", "b= x*y~"]),
        ("Name=%E5%91%8A%E8%AD%A6%0A&Empty=&Flag", ["Name=告警\n", "Empty=", "Flag="]),
        ("plus=a+b&pct=100%&bad=%zz", ["plus=a b", "pct=100%", "bad=%zz"]),
        ("k=1&k=2&&", ["k=1", "k=2"]),
        ("", []),
    ]

    @Test(arguments: queries)
    func decodesQueries(raw: String, pairs: [String]) {
        #expect(QueryString.parse(Substring(raw)).map { "\($0.0)=\($0.1)" } == pairs)
    }

    @Test func jsonTextEscapesWhatItMust() {
        #expect(JSONText.quoted("a\"b\\c\nd\re\tf\u{0}g\u{1F}h🚨告") == #""a\"b\\c\nd\re\tf\u0000g\u001fh🚨告""#)
        #expect(JSONText.object([("A", "1"), ("B", #""x""#)]) == #"{"A":1,"B":"x"}"#)
    }

    @Test func nonceWindowAndScope() {
        var cache = NonceCache(capacity: 10, window: 900)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        var results: [Bool] = []
        results.append(cache.use(nonce: "n", accessKeyId: "k1", requestDate: t0, now: t0))
        results.append(cache.use(nonce: "n", accessKeyId: "k1", requestDate: t0, now: t0.addingTimeInterval(899)))
        results.append(cache.use(nonce: "n", accessKeyId: "k2", requestDate: t0, now: t0))
        // Past the window the request would be refused for its time stamp anyway; the nonce is free again.
        results.append(cache.use(nonce: "n", accessKeyId: "k1", requestDate: t0.addingTimeInterval(901), now: t0.addingTimeInterval(901)))
        #expect(results == [true, false, true, true])
        // Both first entries expired and were let go; only the new one is kept.
        #expect(cache.count == 1)
    }

    @Test func nonceMemoryIsBounded() {
        var cache = NonceCache(capacity: 100, window: 900)
        let now = Date(timeIntervalSince1970: 0)
        var accepted = 0
        var largest = 0
        for i in 0..<1_000 {
            if cache.use(nonce: "n\(i)", accessKeyId: "k", requestDate: now, now: now) { accepted += 1 }
            largest = max(largest, cache.count)
        }
        #expect(accepted == 1_000)
        #expect(largest == 100)
        #expect(cache.count == 100)
        // The newest are remembered, the oldest were let go.
        let newest = cache.use(nonce: "n999", accessKeyId: "k", requestDate: now, now: now)
        let oldest = cache.use(nonce: "n0", accessKeyId: "k", requestDate: now, now: now)
        #expect(newest == false)
        #expect(oldest == true)
    }

    @Test func splitMixIsTheReferenceSequence() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func constantTimeEquals() {
        #expect(RequestAuthenticator.constantTimeEquals("abc", "abc"))
        #expect(!RequestAuthenticator.constantTimeEquals("abc", "abd"))
        #expect(!RequestAuthenticator.constantTimeEquals("abc", "abcd"))
        #expect(RequestAuthenticator.constantTimeEquals("", ""))
    }
}
