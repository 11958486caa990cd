import Crypto
import Foundation
import Logging
import ServiceLifecycle

/// Reloads the web config when the file or a certificate, key or CA file it
/// names changes (certificate rotation by cert-manager, a new password). It
/// compares content digests every `interval`, which works on every file
/// system and through Kubernetes' symlink swaps, where change events do not.
public struct WebConfigWatcher: Service {
    let store: WebConfigStore
    let interval: Duration
    let onReload: @Sendable (Result<Void, WebConfigError>) -> Void
    /// Taken when the watcher is made, so a change before `run()` starts still counts.
    private let baseline: [String: [UInt8]]

    public init(
        store: WebConfigStore, interval: Duration = .seconds(5),
        onReload: @escaping @Sendable (Result<Void, WebConfigError>) -> Void = { _ in }
    ) {
        self.store = store
        self.interval = interval
        self.onReload = onReload
        self.baseline = Self.fingerprint(store.watchedFiles)
    }

    public func run() async throws {
        guard store.path != nil else { return }
        await cancelWhenGracefulShutdown { await watch() }
    }

    private func watch() async {
        var last = baseline
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            let now = Self.fingerprint(store.watchedFiles)
            guard now != last else { continue }
            // A refused change is not retried until the files change again.
            last = now
            do throws(WebConfigError) {
                try store.reload()
                onReload(.success(()))
                // The new config may name other files.
                last = Self.fingerprint(store.watchedFiles)
            } catch {
                onReload(.failure(error))
            }
        }
    }

    /// Digest of every watched file's content (a missing file counts as empty).
    static func fingerprint(_ files: [String]) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for file in files {
            result[file] = Array(SHA256.hash(data: FileManager.default.contents(atPath: file) ?? Data()))
        }
        return result
    }
}
