import AlibabaCloudCore
import Foundation

extension SimulatedCredentialsService {
    static let credentialsPath = "/latest/meta-data/ram/security-credentials/"

    func reply(to request: IncomingRequest) async -> SimulatorReply {
        var parameters: [String: String] = [:]
        for (name, value) in QueryString.parse(Substring(request.rawQuery)) { parameters[name] = value }
        if request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            for (name, value) in QueryString.parse(Substring(String(decoding: request.body, as: UTF8.self))) { parameters[name] = value }
        }
        let reply: SimulatorReply
        switch (request.method, request.path) {
        case ("PUT", "/latest/api/token"): reply = tokenReply(request)
        case ("GET", let path) where path.hasPrefix(Self.credentialsPath): reply = metadataReply(request, path: path)
        case ("POST", "/"): reply = stsReply(request, parameters: parameters)
        default: reply = Self.text("not found", status: 404)
        }
        let record = Record(
            method: request.method, path: request.path, action: parameters["Action"],
            metadataToken: request.header("x-aliyun-ecs-metadata-token"),
            tokenTTL: request.header("x-aliyun-ecs-metadata-token-ttl-seconds"), oidcToken: parameters["OIDCToken"],
            parameters: parameters, status: reply.status)
        state.withLockedValue { $0.records.append(record) }
        return reply
    }

    // MARK: - Metadata service

    private func tokenReply(_ request: IncomingRequest) -> SimulatorReply {
        if let status = state.withLockedValue({ $0.configuration.tokenRequestStatus }) { return Self.text("refused", status: status) }
        guard let ttl = request.header("x-aliyun-ecs-metadata-token-ttl-seconds").flatMap(Int.init), (1...21600).contains(ttl) else {
            return Self.text("missing or invalid X-aliyun-ecs-metadata-token-ttl-seconds", status: 400)
        }
        let token = "imds-token-\(UUID().uuidString)"
        state.withLockedValue { _ = $0.metadataTokens.insert(token) }
        return Self.text(token, status: 200)
    }

    private func metadataReply(_ request: IncomingRequest, path: String) -> SimulatorReply {
        let (roleName, tokenOK) = state.withLockedValue { state in
            let token = request.header("x-aliyun-ecs-metadata-token")
            let ok = token.map { state.metadataTokens.contains($0) } ?? !state.configuration.requireIMDSv2
            return (state.configuration.roleName, ok)
        }
        guard tokenOK else { return Self.text("unauthorized", status: 401) }
        let role = String(path.dropFirst(Self.credentialsPath.count))
        if role.isEmpty { return Self.text(roleName ?? "", status: 200) }
        guard role == roleName else { return Self.text("not found", status: 404) }
        if let failure = takeFailure() { return Self.text(failure.code, status: failure.status) }
        let key = issue()
        return SimulatorReply.json(JSONText.object([
            ("AccessKeyId", JSONText.quoted(key.id)), ("AccessKeySecret", JSONText.quoted(key.secret)),
            ("Expiration", JSONText.quoted(Self.timestamp(key.expiration))),
            ("SecurityToken", JSONText.quoted(key.securityToken ?? "")),
            ("LastUpdated", JSONText.quoted(Self.timestamp(now()))), ("Code", JSONText.quoted("Success")),
        ]), outcome: "ok")
    }

    // MARK: - STS

    private func stsReply(_ request: IncomingRequest, parameters: [String: String]) -> SimulatorReply {
        guard parameters["Version"] == "2015-04-01" || request.header("x-acs-version") == "2015-04-01" else {
            return Self.error(400, "InvalidVersion", "Specified parameter Version is not valid.")
        }
        let action = parameters["Action"] ?? request.header("x-acs-action")
        switch action {
        case "AssumeRole":
            if let refusal = checkSignature(request, parameters: parameters) { return refusal }
        case "AssumeRoleWithOIDC":
            guard let token = parameters["OIDCToken"], !token.isEmpty else {
                return Self.error(400, "MissingOIDCToken", "OIDCToken is mandatory for this action.")
            }
            guard parameters["OIDCProviderArn"]?.isEmpty == false else {
                return Self.error(400, "MissingOIDCProviderArn", "OIDCProviderArn is mandatory for this action.")
            }
        default:
            return Self.error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
        }
        guard let roleArn = parameters["RoleArn"], state.withLockedValue({ $0.configuration.roleArns.contains(roleArn) }) else {
            return Self.error(404, "EntityNotExist.Role", "The specified Role not exists .")
        }
        guard let session = parameters["RoleSessionName"], session.count >= 2, session.count <= 64,
              session.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@=,".contains($0)) })
        else {
            return Self.error(400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
        }
        if let failure = takeFailure() { return Self.error(failure.status, failure.code, "Injected failure.") }
        let key = issue()
        let credentials = JSONText.object([
            ("AccessKeyId", JSONText.quoted(key.id)), ("AccessKeySecret", JSONText.quoted(key.secret)),
            ("SecurityToken", JSONText.quoted(key.securityToken ?? "")),
            ("Expiration", JSONText.quoted(Self.timestamp(key.expiration))),
        ])
        return SimulatorReply.json(JSONText.object([
            ("RequestId", JSONText.quoted(UUID().uuidString)), ("Credentials", credentials),
            ("AssumedRoleUser", JSONText.object([("Arn", JSONText.quoted("\(roleArn)/\(session)"))])),
        ]), outcome: "ok")
    }

    /// The V1 signature of `AssumeRole`, checked against the base keys; nil when it is right.
    private func checkSignature(_ request: IncomingRequest, parameters: [String: String]) -> SimulatorReply? {
        guard let accessKeyId = parameters["AccessKeyId"], let signature = parameters["Signature"] else {
            return Self.error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.")
        }
        // Temporary keys it issued may sign too: that is role chaining.
        let known = state.withLockedValue { state in
            state.configuration.baseKeys.first { $0.id == accessKeyId } ?? state.issued.first { $0.id == accessKeyId }
        }
        guard let key = known else {
            return Self.error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        }
        guard parameters["SecurityToken"] == key.securityToken else {
            return Self.error(400, "InvalidSecurityToken.MismatchWithAccessKey", "The Security Token does not match the AccessKeyId.")
        }
        let signed = QueryString.parse(Substring(request.rawQuery)).filter { $0.0 != "Signature" }
        let expected = SignerV1(accessKeySecret: key.secret).sign(method: request.method, parameters: signed)
        guard RequestAuthenticator.constantTimeEquals(expected.signature, signature) else {
            return Self.error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
        }
        return nil
    }

    // MARK: - Wire

    private static let style = Date.ISO8601FormatStyle(timeZone: .gmt)

    static func timestamp(_ date: Date?) -> String {
        (date ?? Date(timeIntervalSince1970: 0)).formatted(style)
    }

    static func text(_ body: String, status: Int) -> SimulatorReply {
        SimulatorReply(status: status, headers: [("content-type", "text/plain")], body: .bytes(Array(body.utf8)), outcome: "\(status)")
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> SimulatorReply {
        .json(JSONText.object([
            ("RequestId", JSONText.quoted(UUID().uuidString)), ("HostId", JSONText.quoted("sts.aliyuncs.com")),
            ("Code", JSONText.quoted(code)), ("Message", JSONText.quoted(message)),
        ]), status: status, outcome: code)
    }
}
