import AlibabaCloudCore
import Testing

@Suite struct EndpointTests {
    @Test(arguments: [
        ("https://tds.cn-shanghai.aliyuncs.com", "https", "tds.cn-shanghai.aliyuncs.com", nil, "tds.cn-shanghai.aliyuncs.com", "https://tds.cn-shanghai.aliyuncs.com"),
        ("https://tds.cn-shanghai.aliyuncs.com/", "https", "tds.cn-shanghai.aliyuncs.com", nil, "tds.cn-shanghai.aliyuncs.com", "https://tds.cn-shanghai.aliyuncs.com"),
        ("tds.ap-southeast-1.aliyuncs.com", "https", "tds.ap-southeast-1.aliyuncs.com", nil, "tds.ap-southeast-1.aliyuncs.com", "https://tds.ap-southeast-1.aliyuncs.com"),
        ("http://127.0.0.1:8080", "http", "127.0.0.1", 8080, "127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("HTTP://LocalHost:9", "http", "localhost", 9, "localhost:9", "http://localhost:9"),
        ("http://h:80", "http", "h", 80, "h", "http://h"),
        ("https://h:443", "https", "h", 443, "h", "https://h"),
        ("https://h:80", "https", "h", 80, "h:80", "https://h:80"),
        ("h:8443", "https", "h", 8443, "h:8443", "https://h:8443"),
        ("http://[::1]:8080", "http", "[::1]", 8080, "[::1]:8080", "http://[::1]:8080"),
        ("  https://h  ", "https", "h", nil, "h", "https://h"),
    ] as [(String, String, String, Int?, String, String)])
    func parses(_ url: String, scheme: String, host: String, port: Int?, hostHeader: String, baseURL: String) throws {
        let endpoint = try #require(Endpoint(url: url))
        #expect(endpoint.scheme == scheme)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
        #expect(endpoint.hostHeader == hostHeader)
        #expect(endpoint.baseURL == baseURL)
        #expect(endpoint.description == baseURL)
    }

    @Test(arguments: [
        "", " ", "https://", "ftp://h", "https//h", "https://h/path", "https://h?x=1", "https://h#f",
        "https://user:pw@h", "https://h:0", "https://h:65536", "https://h:-1", "https://h:abc", "https://h:",
        "https://h:1:2", "https://h h", "https://.h", "https://-h", "https://a..b", "https://[::1", "https://[zz]",
        "https://h\tx", "https://hé.com", "://h",
    ])
    func rejects(_ url: String) {
        #expect(Endpoint(url: url) == nil)
    }

    @Test func memberwiseDefaults() {
        let endpoint = Endpoint(host: "tds.cn-shanghai.aliyuncs.com")
        #expect(endpoint.scheme == "https")
        #expect(endpoint.port == nil)
        #expect(endpoint == Endpoint(url: "tds.cn-shanghai.aliyuncs.com"))
    }
}
