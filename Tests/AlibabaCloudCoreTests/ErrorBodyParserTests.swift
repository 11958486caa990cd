@testable import AlibabaCloudCore
import Testing

@Suite struct ErrorBodyParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let status: Int
        let body: String
        let code: String
        let message: String?
        let requestId: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "json NoPermission", status: 403,
             body: #"{"RequestId":"R-1","HostId":"tds.aliyuncs.com","Code":"NoPermission","Message":"caller has no permission","Recommend":"https://next.api.aliyun.com"}"#,
             code: "NoPermission", message: "caller has no permission", requestId: "R-1"),
        Case(name: "json Throttling.User", status: 400,
             body: #"{"Code":"Throttling.User","Message":"Request was denied due to user flow control.","RequestId":"R-2"}"#,
             code: "Throttling.User", message: "Request was denied due to user flow control.", requestId: "R-2"),
        Case(name: "json 429 Throttling.Api", status: 429, body: #"{"Code":"Throttling.Api","Message":"slow down"}"#,
             code: "Throttling.Api", message: "slow down", requestId: nil),
        Case(name: "json ServerError", status: 500, body: #"  {"Code":"ServerError","Message":"boom","RequestId":"R-3"}"#,
             code: "ServerError", message: "boom", requestId: "R-3"),
        Case(name: "json without code", status: 502, body: #"{"Message":"bad gateway","RequestId":"R-4"}"#,
             code: "HTTP502", message: "bad gateway", requestId: "R-4"),
        Case(name: "json numeric code", status: 400, body: #"{"Code":400,"Message":"x"}"#,
             code: "400", message: "x", requestId: nil),
        Case(name: "json code with spaces is not a code", status: 400, body: #"{"Code":"not a code","Message":"m"}"#,
             code: "HTTP400", message: "m", requestId: nil),
        Case(name: "json array", status: 500, body: "[1,2]", code: "HTTP500", message: nil, requestId: nil),
        Case(name: "truncated json", status: 503, body: #"{"Code":"ServiceUnava"#, code: "HTTP503", message: nil, requestId: nil),
        Case(name: "xml", status: 503,
             body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <RequestId>R-5</RequestId>\n  <HostId>tds</HostId>\n  <Code>ServiceUnavailable</Code>\n  <Message>try &amp; again &lt;later&gt;</Message>\n</Error>",
             code: "ServiceUnavailable", message: "try & again <later>", requestId: "R-5"),
        Case(name: "xml without code", status: 400, body: "<Error><Message>only text</Message></Error>",
             code: "HTTP400", message: "only text", requestId: nil),
        Case(name: "html", status: 502,
             body: "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><Code>X</Code></body></html>",
             code: "HTTP502", message: nil, requestId: nil),
        Case(name: "empty", status: 503, body: "", code: "HTTP503", message: "HTTP 503 with an empty body", requestId: nil),
        Case(name: "whitespace", status: 504, body: " \r\n ", code: "HTTP504", message: "HTTP 504 with an empty body", requestId: nil),
        Case(name: "junk", status: 500, body: "\u{1}\u{2}garbage", code: "HTTP500", message: nil, requestId: nil),
        Case(name: "plain text", status: 404, body: "Not Found", code: "HTTP404", message: nil, requestId: nil),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) {
        let error = ErrorBodyParser.parse(status: c.status, body: Array(c.body.utf8))
        #expect(error.code == c.code)
        #expect(error.httpStatus == c.status)
        #expect(error.requestId == c.requestId)
        if let message = c.message { #expect(error.message == message) }
        #expect(!error.message.isEmpty)
    }

    @Test func bodiesWithoutACodeAreDescribedNotQuoted() {
        let html = "<html><body>secret-ish https://oapi.dingtalk.com/robot/send?access_token=abc</body></html>"
        let error = ErrorBodyParser.parse(status: 502, body: Array(html.utf8))
        #expect(error.code == "HTTP502")
        #expect(!error.message.contains("access_token"))
        #expect(error.message.contains("HTML"))
    }

    /// A long STS token straddling the truncation point must be redacted
    /// whole before the message is shortened.
    @Test func redactionHappensBeforeTruncation() {
        let token = String(repeating: "T", count: 400)
        let message = String(repeating: "m", count: 300) + token
        let redactor = SecretRedactor(credentials: Credentials(accessKeyId: "i", accessKeySecret: "s", securityToken: token))
        let error = ErrorBodyParser.parse(
            status: 400, body: Array(#"{"Code":"SignatureDoesNotMatch","Message":"\#(message)"}"#.utf8),
            redact: redactor.redact)
        #expect(error.message == String(repeating: "m", count: 300) + SecretRedactor.placeholder)
        #expect(!error.message.contains("TTTT"))
    }

    @Test func longMessagesAreTruncated() {
        let long = String(repeating: "x", count: 5_000)
        let error = ErrorBodyParser.parse(status: 400, body: Array(#"{"Code":"C","Message":"\#(long)"}"#.utf8))
        #expect(error.message.count <= ErrorBodyParser.maxMessageLength + 3)
    }
}
