import Hummingbird

/// The request context of the simulator's Hummingbird app. Besides the usual
/// storage it can close the request's connection, which is how
/// `SimulatorFault.dropConnection` leaves the client without any answer.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let closeConnection: @Sendable () async -> Void

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        closeConnection = {
            // Already closed by the peer is fine: the point is that it ends.
            try? await channel.close()
        }
    }
}
