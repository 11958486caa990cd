/// Where STS lives, as the SDKs choose it: `sts.aliyuncs.com`, or the
/// region's endpoint, or its VPC endpoint. Always HTTPS.
public enum STSEndpoint {
    public static func resolve(region: String?, vpc: Bool) -> Endpoint {
        guard let region, !region.isEmpty else {
            // The VPC endpoint needs a region; without one the public endpoint is all there is.
            return Endpoint(host: "sts.aliyuncs.com")
        }
        return Endpoint(host: vpc ? "sts-vpc.\(region).aliyuncs.com" : "sts.\(region).aliyuncs.com")
    }
}
