import Foundation
@testable import AlibabaCloudCore
import Testing

/// The client's small internal helpers: timestamps, redaction, transport error codes.
@Suite struct SupportTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_767_323_045.0, "2026-01-02T03:04:05Z"),
        (1_767_323_045.999, "2026-01-02T03:04:05Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (4_107_542_399.0, "2100-02-28T23:59:59Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
        (253_402_300_799.0, "9999-12-31T23:59:59Z"),
    ])
    func utcTimestamp(_ seconds: Double, _ expected: String) {
        #expect(UTCTimestamp.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func utcTimestampAgreesWithFoundationForManyInstants() {
        var formatter = Date.ISO8601FormatStyle(timeZone: .gmt)
        formatter.timeZone = .gmt
        var seconds = -86_400.0 * 365 * 3
        while seconds < 86_400.0 * 365 * 200 {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTimestamp.format(date) == date.formatted(formatter))
            seconds += 86_400 * 17.37 + 3_661
        }
    }

    @Test func redactorRemovesSecretAndTokenInEveryEncoding() {
        let credentials = Credentials(accessKeyId: "id", accessKeySecret: "se/cr+et", securityToken: "tok en/=")
        let redactor = SecretRedactor(credentials: credentials)
        let once = PercentEncoding.encode("tok en/=")
        let twice = PercentEncoding.encode(once)
        for text in ["a tok en/= b", "x \(once) y", "x \(twice) y", "se/cr+et", PercentEncoding.encode("se/cr+et")] {
            let redacted = redactor.redact(text)
            #expect(redacted.contains(SecretRedactor.placeholder))
            #expect(!redacted.contains("tok en") && !redacted.contains("tok%20en") && !redacted.contains("se/cr+et"))
        }
    }

    @Test func redactorKeepsTheStringToSignButNotTheToken() {
        let redactor = SecretRedactor(credentials: Credentials(accessKeyId: "id", accessKeySecret: "sec", securityToken: "CAIS/tok=="))
        let message = "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3Did%26SecurityToken%3DCAIS%252Ftok%253D%253D%26Version%3D1"
        #expect(redactor.redact(message) == "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3Did%26SecurityToken%3D<redacted>%26Version%3D1")
    }

    /// Short secrets are not hunted for: replacing every "ab" would shred messages.
    @Test func veryShortSecretsAreLeftAlone() {
        let redactor = SecretRedactor(credentials: Credentials(accessKeyId: "id", accessKeySecret: "ab"))
        #expect(redactor.redact("about a table") == "about a table")
    }

    @Test(arguments: [
        ("12000", Duration?.some(.seconds(12))), (" 250 ", .milliseconds(250)), ("0", nil), ("-5", nil),
        ("soon", nil), ("", nil), ("1.5", nil),
    ])
    func retryAfterHeader(_ value: String, _ expected: Duration?) {
        #expect(RPCClient.parseRetryAfter(value) == expected)
    }

    @Test func transportErrorsMapToOurCodes() {
        #expect(TransportErrorMapper.map(CancellationError()).code == "Cancelled")
        let api = APIError(code: "X", message: "y")
        #expect(TransportErrorMapper.map(api) == api)
        struct Weird: Error {}
        #expect(TransportErrorMapper.map(Weird()).code == "ConnectionFailed")
    }
}
