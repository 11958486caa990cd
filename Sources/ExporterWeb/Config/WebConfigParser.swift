import Foundation
import Yams

/// Reads exporter-toolkit's YAML strictly, like Go's `yaml.UnmarshalStrict`:
/// unknown or duplicate keys and wrong types are errors naming file, line and
/// column. Checks what the toolkit checks on load (headers, bcrypt hashes,
/// TLS fields); certificates themselves are read by `TLSContextFactory`.
enum WebConfigParser {
    static func parse(_ text: String, file: String) throws(WebConfigError) -> WebConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.yamlError(error, file: file)
        } catch {
            throw WebConfigError(file: file, message: "not YAML: \(error)")
        }
        guard let root, !Self.isNull(root) else { return .empty }
        let reader = NodeReader(file: file)
        let fields = try reader.mapping(root, allowed: ["tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"])
        var config = WebConfig()
        if let node = fields["rate_limit"] {
            throw reader.error(node, "rate_limit is not supported by this exporter (use --web.max-requests)")
        }
        if let node = fields["http_server_config"] {
            let http = try reader.mapping(node, allowed: ["http2", "headers"])
            if let http2 = http["http2"] { config.http2 = try reader.bool(http2) }
            for (name, value) in try http["headers"].map({ node throws(WebConfigError) in try reader.stringMap(node) }) ?? [] {
                if let problem = ResponseHeaderPolicy.problem(name: name.value, value: value.value) {
                    throw reader.error(name.node, problem)
                }
                config.headers[name.value] = value.value
            }
        }
        if let node = fields["basic_auth_users"] {
            for (user, hash) in try reader.stringMap(node) {
                guard BcryptHash.isWellFormed(hash.value) else {
                    throw reader.error(hash.node, "the password of user \"\(user.value)\" is not a bcrypt hash ($2a$, $2b$ or $2y$, cost 4-31)")
                }
                config.basicAuthUsers[user.value] = hash.value
            }
        }
        if let node = fields["tls_server_config"] {
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            config.tlsServerConfig = try TLSServerConfigParser(reader: reader, directory: directory).parse(node)
        }
        return config
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar = node, node.null != nil { return true }
        return false
    }

    private static func yamlError(_ error: YamlError, file: String) -> WebConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return WebConfigError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return WebConfigError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", "))")
        default:
            return WebConfigError(file: file, message: "not valid YAML: \(error)")
        }
    }
}

/// Typed access to YAML nodes; every failure names the node's position.
struct NodeReader {
    let file: String

    struct Located<Value> {
        var value: Value
        var node: Node
    }

    func error(_ node: Node, _ message: String) -> WebConfigError {
        WebConfigError(file: file, line: node.mark?.line, column: node.mark?.column, message: message)
    }

    /// The mapping's values by key; an unknown or repeated key is an error. A null node is an empty mapping.
    func mapping(_ node: Node, allowed: Set<String>) throws(WebConfigError) -> [String: Node] {
        if WebConfigParser.isNull(node) { return [:] }
        guard case .mapping(let mapping) = node else { throw error(node, "expected a mapping") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw error(key, "expected a string key") }
            guard allowed.contains(scalar.string) else {
                throw error(key, "unknown key \"\(scalar.string)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard result[scalar.string] == nil else { throw error(key, "duplicate key \"\(scalar.string)\"") }
            // A null value counts as absent, as Go's zero value does.
            if !WebConfigParser.isNull(value) { result[scalar.string] = value }
        }
        return result
    }

    func string(_ node: Node) throws(WebConfigError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "expected a string") }
        return scalar.string
    }

    func bool(_ node: Node) throws(WebConfigError) -> Bool {
        guard let value = node.bool else { throw error(node, "expected true or false") }
        return value
    }

    func stringList(_ node: Node) throws(WebConfigError) -> [Located<String>] {
        guard case .sequence(let sequence) = node else { throw error(node, "expected a list") }
        var result: [Located<String>] = []
        for item in sequence { result.append(Located(value: try string(item), node: item)) }
        return result
    }

    func stringMap(_ node: Node) throws(WebConfigError) -> [(Located<String>, Located<String>)] {
        guard case .mapping(let mapping) = node else { throw error(node, "expected a mapping") }
        var seen: Set<String> = []
        var result: [(Located<String>, Located<String>)] = []
        for (key, value) in mapping {
            let name = try string(key)
            guard seen.insert(name).inserted else { throw error(key, "duplicate key \"\(name)\"") }
            result.append((Located(value: name, node: key), Located(value: try string(value), node: value)))
        }
        return result
    }
}
