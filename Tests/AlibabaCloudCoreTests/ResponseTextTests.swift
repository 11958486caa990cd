@testable import AlibabaCloudCore
import Crypto
import Testing

/// Text from responses is made safe before logs, pages and labels; webhook
/// URLs are kept only as a keyed hash. One case per hostile input.
@Suite struct ResponseTextTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "forged log line", input: "denied\nlevel=error msg=\"forged\"", expected: "denied?level=error msg=\"forged\""),
        Case(name: "carriage return", input: "a\r\nb", expected: "a?b"),
        Case(name: "terminal escape", input: "\u{1B}[2J\u{1B}[31mred", expected: "?[2J?[31mred"),
        Case(name: "bidi override", input: "abc\u{202E}fed", expected: "abc?fed"),
        // The joiner glues itself to the b: the whole character goes.
        Case(name: "zero-width space and joiner", input: "a\u{200B}b\u{200D}c", expected: "a??c"),
        Case(name: "NUL, DEL and C1", input: "a\u{0}b\u{7F}c\u{85}d", expected: "a?b?c?d"),
        Case(name: "line and paragraph separators", input: "a\u{2028}b\u{2029}c", expected: "a?b?c"),
        Case(name: "tab and no-break space", input: "a\tb\u{A0}c", expected: "a?b?c"),
        Case(name: "private use", input: "a\u{E000}b", expected: "a?b"),
        Case(name: "combining avalanche", input: "e" + String(repeating: "\u{301}", count: 1000) + "x", expected: "?x"),
        Case(name: "user text survives", input: "漏洞告警 🚨 \"quoted\" \\ é", expected: "漏洞告警 🚨 \"quoted\" \\ é"),
        Case(name: "flag emoji survives", input: "🇨🇳 ok", expected: "🇨🇳 ok"),
    ]

    @Test(arguments: cases)
    func sanitizeMakesOneShownLine(_ testCase: Case) {
        #expect(ResponseText.sanitize(testCase.input) == testCase.expected)
    }

    @Test(arguments: [10, 512, 100_000, 1 << 20])
    func sanitizeCapsTheLength(length: Int) {
        let text = String(repeating: "名", count: length)
        let result = ResponseText.sanitize(text)
        #expect(result.count == min(length, ResponseText.maxMessageLength) + (length > 512 ? 3 : 0))
        #expect(result.hasSuffix("...") == (length > 512))
    }

    static let tokens: [(String?, String?)] = [
        ("E2B4C1A0-1D6B-4F6A-9C51-1234567890AB", "E2B4C1A0-1D6B-4F6A-9C51-1234567890AB"),
        ("  R-padded\t", "R-padded"),
        (nil, nil), ("", nil), ("   ", nil),
        ("R-1\nlevel=error", nil), ("R-1 R-2", nil), ("R\"1", nil), ("R\\1", nil), ("R\u{1B}[2J", nil),
        ("请求", nil), (String(repeating: "A", count: 128), String(repeating: "A", count: 128)),
        (String(repeating: "A", count: 129), nil), (String(repeating: "A", count: 1 << 20), nil),
    ]

    @Test(arguments: tokens)
    func tokensAreKeptWholeOrNotAtAll(input: String?, expected: String?) {
        #expect(ResponseText.token(input) == expected)
    }

    @Test(arguments: [String(repeating: "R", count: 16 * 1024), "R 1", "R\"1"])
    func aHugeOrOddRequestIdHeaderIsDropped(header: String) async throws {
        let h = try RPCClientTests.harness([.http(200, RPCClientTests.okBody, headers: [("x-acs-request-id", header)])])
        defer { h.server.stop() }
        let response = try await h.client.call(action: "A", version: "1", parameters: [])
        #expect(response.requestId == nil)
    }

    @Test func aControlCharacterInAHeaderIsRefusedByTheHTTPClient() async throws {
        let h = try RPCClientTests.harness([.http(200, RPCClientTests.okBody, headers: [("x-acs-request-id", "R\u{1B}[2J")])], retry: .none)
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) { try await h.client.call(action: "A", version: "1", parameters: []) }
        #expect(error?.code == "InvalidResponse")
        #expect(error?.requestId == nil)
        #expect(error?.message.contains("\u{1B}") == false)
    }

    @Test func anErrorBodyIsSanitisedBeforeItReachesTheErrorAndTheLog() async throws {
        // JSON escapes: the decoded message holds a new line and a terminal escape.
        let body = #"{"Code":"NoPermission","Message":"User acs:ram::1234567890:user/alice\nlevel=error msg=forged \u001b[2J"#
            + String(repeating: "x", count: 4000) + #"","RequestId":"R-2\u001b[2J"}"#
        let h = try RPCClientTests.harness([.http(403, body, headers: [("x-acs-request-id", "R-header-ok")])], retry: .none)
        defer { h.server.stop() }
        let error = await #expect(throws: APIError.self) {
            try await h.client.call(action: "A", version: "1", parameters: [])
        }
        #expect(error?.code == "NoPermission")
        #expect(error?.requestId == "R-header-ok")
        #expect(error?.message.contains("\n") == false)
        #expect(error?.message.contains("\u{1B}") == false)
        #expect((error?.message.count ?? .max) <= ResponseText.maxMessageLength + 3)
        #expect(!h.logs.all.contains("\u{1B}"))
        #expect(!h.logs.all.contains("forged \u{1B}"))
    }

    @Test func aWebhookURLIsKeptOnlyAsAKeyedHash() {
        let url = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef"
        let hash = SecretHash(of: url)
        #expect(hash == SecretHash(of: url))
        #expect(hash != SecretHash(of: url + "0"))
        #expect(hash.digest.count == 32)
        // Another key (another process): another hash, so a hash cannot be looked up.
        #expect(hash != SecretHash(of: url, key: SymmetricKey(size: .bits256)))
        // Not a plain SHA-256 either.
        #expect(hash.digest != Array(SHA256.hash(data: Array(url.utf8))))
        #expect(!hash.description.contains("0123456789abcdef"))
        #expect(hash.description.hasPrefix("hmac-sha256:") && hash.description.count == 12 + 16)
    }

    /// The keyed hasher a page reuses for all its URLs continues copies of
    /// one keyed HMAC: each hash must be HMAC-SHA256 of that URL alone, the
    /// same whatever was hashed before it (the copies must not share state).
    @Test func aKeyedHasherReusedForManyURLsGivesEachItsOwnHMAC() {
        let key = SymmetricKey(size: .bits256)
        let hasher = KeyedHasher(key: key)
        let urls = ["", "https://oapi.dingtalk.com/robot/send?access_token=a", String(repeating: "x", count: 200), "é𝄞"]
        for url in urls + urls.reversed() {
            let expected = Array(HMAC<SHA256>.authenticationCode(for: Array(url.utf8), using: key))
            #expect(hasher.hash(url).digest == expected, "\(url.count) characters")
            #expect(SecretHash(of: url, key: key).digest == expected)
        }
        #expect(KeyedHasher().hash(urls[1]) == SecretHash(of: urls[1]))
    }
}
