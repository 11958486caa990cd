import AlibabaCloudCore
import Foundation

/// Where Security Center's (`Sas`) API lives for a region, as the official
/// SDK maps it: one endpoint for mainland China (finance and gov regions and
/// cn-hongkong included) and one for every international region.
public enum SecurityCenterEndpoint {
    public static let apiVersion = "2018-12-03"

    public static let chinaHost = "tds.cn-shanghai.aliyuncs.com"
    public static let internationalHost = "tds.ap-southeast-1.aliyuncs.com"
    public static let chinaVPCHost = "tds.vpc-proxy.aliyuncs.com"
    public static let internationalVPCHost = "tds-intl.vpc-proxy.aliyuncs.com"

    /// `ap-*`, `eu-*`, `us-*` and `me-*` go to `tds.ap-southeast-1`; everything
    /// else — `cn-*` (finance/gov too), `cn-hongkong`, and any region this map
    /// does not know — goes to `tds.cn-shanghai`. An explicit endpoint
    /// (`--aliyun.endpoint`) is the way out for a region mapped wrongly.
    /// `vpc` picks the matching VPC proxy endpoint.
    public static func forRegion(_ region: String, vpc: Bool = false) -> Endpoint {
        let host: String
        if isInternational(region) {
            host = vpc ? internationalVPCHost : internationalHost
        } else {
            host = vpc ? chinaVPCHost : chinaHost
        }
        return Endpoint(scheme: "https", host: host)
    }

    /// Whether a region is served by the international endpoint.
    public static func isInternational(_ region: String) -> Bool {
        let normalised = region.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return internationalPrefixes.contains { normalised.hasPrefix($0) }
    }

    private static let internationalPrefixes = ["ap-", "eu-", "us-", "me-"]
}
