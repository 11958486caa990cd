import Logging
import ServiceLifecycle

/// Runs one poller per account in its own task group and changes the set
/// while it runs (a reload): accounts added start, removed ones stop and are
/// cleaned up, changed ones restart, unchanged ones are not touched at all,
/// so they keep their schedule. Each account runs in its own child task, so
/// one account's slowness or hang never holds up another's.
public final class PollerSupervisor: Service, Sendable {
    /// Builds the poller of an account (with its client, tracker and limiter).
    public typealias MakePoller = @Sendable (AccountConfig) -> any Service

    private struct Apply: Sendable {
        var accounts: [AccountConfig]
        var done: OneShotSignal
    }

    /// A running account: stopping it fires `stop`; `done` fires once its
    /// poller has returned (and, if removed, it has been cleaned up).
    private struct Running: Sendable {
        var config: AccountConfig
        var stop: OneShotSignal
        var done: OneShotSignal
    }

    private let initial: [(AccountConfig, any Service)]
    private let makePoller: MakePoller
    private let onRemoved: @Sendable (String) -> Void
    private let commands: AsyncStream<Apply>
    private let commandContinuation: AsyncStream<Apply>.Continuation
    private let logger: Logger

    /// - Parameters:
    ///   - initial: the accounts to start with and their pollers.
    ///   - onRemoved: called once a removed account's poller has ended, to drop its series.
    public init(
        initial: [(AccountConfig, any Service)], makePoller: @escaping MakePoller,
        onRemoved: @escaping @Sendable (String) -> Void, logger: Logger
    ) {
        self.initial = initial
        self.makePoller = makePoller
        self.onRemoved = onRemoved
        self.logger = logger
        (commands, commandContinuation) = AsyncStream.makeStream(of: Apply.self)
    }

    /// Replaces the set of accounts; returns once removed accounts have
    /// stopped and their series are gone, and the others are started.
    public func apply(_ accounts: [AccountConfig]) async {
        let done = OneShotSignal()
        if case .terminated = commandContinuation.yield(Apply(accounts: accounts, done: done)) { return }
        await done.wait()
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            var running: [String: Running] = [:]
            for (config, poller) in initial {
                running[config.name] = start(config, poller: poller, after: nil, in: &group)
            }
            for await command in commands.cancelOnGracefulShutdown() {
                await apply(command.accounts, running: &running, group: &group)
                command.done.fire()
            }
            commandContinuation.finish()
            // Reloads that came in during shutdown get an answer, not a hang.
            for await command in commands { command.done.fire() }
            for entry in running.values { entry.stop.fire() }
        }
    }

    private func apply(_ accounts: [AccountConfig], running: inout [String: Running], group: inout DiscardingTaskGroup) async {
        let wanted = Set(accounts.map(\.name))
        var removed: [Running] = []
        for (name, entry) in running where !wanted.contains(name) {
            entry.stop.fire()
            removed.append(entry)
            running[name] = nil
            logger.info("account removed", metadata: ["account": "\(name)"])
        }
        for account in accounts {
            if let entry = running[account.name] {
                guard entry.config != account else { continue }
                entry.stop.fire()
                logger.info("account changed, restarting its poller", metadata: ["account": "\(account.name)"])
                running[account.name] = start(account, poller: makePoller(account), after: entry.done, in: &group)
            } else {
                logger.info("account added", metadata: ["account": "\(account.name)"])
                running[account.name] = start(account, poller: makePoller(account), after: nil, in: &group)
            }
        }
        for entry in removed {
            await entry.done.wait()
            onRemoved(entry.config.name)
        }
    }

    /// Starts `poller` in a child task once `previous` (the account's former
    /// poller) has ended, so two pollers of one account never overlap.
    private func start(
        _ config: AccountConfig, poller: any Service, after previous: OneShotSignal?,
        in group: inout DiscardingTaskGroup
    ) -> Running {
        let entry = Running(config: config, stop: OneShotSignal(), done: OneShotSignal())
        let logger = logger
        group.addTask {
            defer { entry.done.fire() }
            await previous?.wait()
            guard !entry.stop.hasFired else { return }
            await withTaskGroup(of: Void.self) { inner in
                inner.addTask {
                    do {
                        try await poller.run()
                    } catch {
                        logger.error("poller ended with an error", metadata: ["account": "\(config.name)", "error": "\(error)"])
                    }
                }
                inner.addTask { await entry.stop.wait() }
                await inner.next()
                inner.cancelAll()
            }
        }
        return entry
    }
}
