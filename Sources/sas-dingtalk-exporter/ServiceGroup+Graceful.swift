import ServiceLifecycle

extension ServiceGroupConfiguration.ServiceConfiguration {
    /// A service whose end, by success or failure (a port already in use),
    /// shuts the whole group down gracefully rather than cancelling it: a
    /// cancelled Hummingbird server that accepts a connection at that moment
    /// trips a precondition in NIO, and graceful is what users expect anyway.
    static func graceful(_ service: any Service) -> Self {
        .init(service: service, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
    }
}
