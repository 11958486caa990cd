import AlibabaCloudCore
import SecurityCenter
import Testing

@Suite struct EndpointRegionTests {
    static let china = "tds.cn-shanghai.aliyuncs.com"
    static let intl = "tds.ap-southeast-1.aliyuncs.com"

    @Test(arguments: [
        ("cn-shanghai", china), ("cn-hangzhou", china), ("cn-beijing", china), ("cn-shenzhen", china),
        ("cn-zhangjiakou", china), ("cn-chengdu", china), ("cn-hongkong", china),
        ("cn-shanghai-finance-1", china), ("cn-shenzhen-finance-1", china), ("cn-beijing-finance-1", china),
        ("cn-north-2-gov-1", china),
        ("ap-southeast-1", intl), ("ap-southeast-5", intl), ("ap-northeast-1", intl), ("ap-south-1", intl),
        ("eu-central-1", intl), ("eu-west-1", intl), ("us-west-1", intl), ("us-east-1", intl),
        ("me-east-1", intl), ("me-central-1", intl),
        (" AP-Southeast-1 ", intl), ("CN-HANGZHOU", china),
        ("", china), ("mars-north-1", china), ("apac", china),
    ])
    func regionMap(_ region: String, _ host: String) {
        let endpoint = SecurityCenterEndpoint.forRegion(region)
        #expect(endpoint == Endpoint(scheme: "https", host: host))
        #expect(endpoint.baseURL == "https://\(host)")
    }

    @Test(arguments: [
        ("cn-hangzhou", "tds.vpc-proxy.aliyuncs.com"), ("cn-hongkong", "tds.vpc-proxy.aliyuncs.com"),
        ("ap-southeast-1", "tds-intl.vpc-proxy.aliyuncs.com"), ("eu-central-1", "tds-intl.vpc-proxy.aliyuncs.com"),
        ("us-east-1", "tds-intl.vpc-proxy.aliyuncs.com"), ("me-east-1", "tds-intl.vpc-proxy.aliyuncs.com"),
        ("unknown", "tds.vpc-proxy.aliyuncs.com"),
    ])
    func vpcEndpoints(_ region: String, _ host: String) {
        #expect(SecurityCenterEndpoint.forRegion(region, vpc: true) == Endpoint(scheme: "https", host: host))
    }

    @Test func apiVersion() {
        #expect(SecurityCenterEndpoint.apiVersion == "2018-12-03")
    }
}
