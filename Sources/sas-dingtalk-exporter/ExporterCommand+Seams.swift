import DingTalkExporter
import ExporterWeb

/// Where other parts of the exporter plug into `--config.check` and reloads.
extension ExporterCommand {
    /// More validation for `--config.check`: each returns a summary line
    /// (never a secret) or throws what to fix. The web config is read with
    /// its certificates, as at start, without listening.
    func configChecks() -> [@Sendable () throws -> String] {
        guard let webConfigFile else { return [] }
        return [{ "web config \(webConfigFile): \(try WebConfigStore.validate(path: webConfigFile))" }]
    }

    /// More to reload on SIGHUP and `POST /-/reload`, validated before the
    /// accounts are replaced: one that throws refuses the whole reload. The
    /// web config adds itself in `Exporter` (it owns the store).
    func reloadHooks() -> [ConfigReloader.Hook] {
        []
    }
}
