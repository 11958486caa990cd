import ServiceLifecycle
import UnixSignals

/// Reloads the config on every SIGHUP until graceful shutdown.
public struct ReloadSignalService: Service {
    let reloader: ConfigReloader

    public init(reloader: ConfigReloader) {
        self.reloader = reloader
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            // A refused reload is logged and counted by the reloader; keep listening.
            try? await reloader.reload(trigger: "SIGHUP")
        }
    }
}
