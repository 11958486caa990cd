/// The environment variables of the SDKs' default chain (DESIGN section 3).
public enum EnvironmentVariable {
    public static let accessKeyId = "ALIBABA_CLOUD_ACCESS_KEY_ID"
    public static let accessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    public static let securityToken = "ALIBABA_CLOUD_SECURITY_TOKEN"
    public static let roleArn = "ALIBABA_CLOUD_ROLE_ARN"
    public static let oidcProviderArn = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"
    public static let oidcTokenFile = "ALIBABA_CLOUD_OIDC_TOKEN_FILE"
    public static let roleSessionName = "ALIBABA_CLOUD_ROLE_SESSION_NAME"
    public static let profile = "ALIBABA_CLOUD_PROFILE"
    public static let cliProfileDisabled = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED"
    public static let credentialsFile = "ALIBABA_CLOUD_CREDENTIALS_FILE"
    public static let ecsMetadataDisabled = "ALIBABA_CLOUD_ECS_METADATA_DISABLED"
    public static let ecsMetadata = "ALIBABA_CLOUD_ECS_METADATA"
    public static let imdsV1Disabled = "ALIBABA_CLOUD_IMDSV1_DISABLED"
    public static let stsRegion = "ALIBABA_CLOUD_STS_REGION"
    public static let vpcEndpointEnabled = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"
}
