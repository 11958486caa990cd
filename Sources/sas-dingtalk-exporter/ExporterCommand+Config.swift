import AlibabaCloudCore
import DingTalkExporter
import Foundation

extension ExporterCommand {
    /// The settings given as flags, to slot between an account's own keys
    /// and the file's global keys. `endpoint` (the demo's) overrides the flags.
    func flagSettings(endpoint override: Endpoint? = nil) -> AccountSettings {
        var settings = AccountSettings(
            pollInterval: pollInterval?.value, pageSize: pageSize, ruleActionName: ruleActionName,
            signatureVersion: signature, requestTimeout: requestTimeout?.value, maxRetries: maxRetries,
            rateLimit: rateLimit)
        if let endpoint = override ?? endpoint.flatMap(Endpoint.init(url:)) {
            settings.location = .endpoint(endpoint)
        } else if let region {
            settings.location = .region(region)
        }
        return settings
    }

    /// The accounts to poll: the config file's, or without one a single
    /// account `default` from the flags and the environment's credentials;
    /// then only this replica's shard. Called at start and at every reload.
    func loadConfig() throws(ConfigLoadError) -> LoadedConfig {
        var loaded = try loadAllAccounts()
        if let shard = configShard?.value {
            loaded.accounts = shard.select(loaded.accounts)
        }
        return loaded
    }

    private func loadAllAccounts() throws(ConfigLoadError) -> LoadedConfig {
        guard let configFile else {
            return LoadedConfig(accounts: [flagSettings().resolve(name: "default", credentials: .defaultChain)])
        }
        return try ConfigFileLoader.load(path: configFile, flags: flagSettings())
    }

    /// `--config.check`: validates the config (and what `configChecks()`
    /// adds, the web config at merge), prints the redacted summary on stdout
    /// or every error on stderr. No network, no logging set-up. Returns the exit code.
    func checkConfig() -> Int32 {
        var failed = false
        var summary: [String] = []
        do {
            // The summary counts the whole file and lists this shard's accounts.
            let loaded = try loadAllAccounts()
            let selected = configShard?.value.select(loaded.accounts) ?? loaded.accounts
            for warning in loaded.warnings { writeError("\(warning)") }
            summary += ConfigSummary.lines(loaded, shard: configShard?.value, selected: selected)
        } catch {
            writeError("\(error)")
            failed = true
        }
        for check in configChecks() {
            do {
                summary.append(try check())
            } catch {
                writeError("\(error)")
                failed = true
            }
        }
        if failed { return 1 }
        // Deliberate CLI output: --config.check's redacted summary, on stdout.
        print(summary.joined(separator: "\n"))
        return 0
    }

    private func writeError(_ text: String) {
        FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
}
