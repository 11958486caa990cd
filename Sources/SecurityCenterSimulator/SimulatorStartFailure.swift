/// `SecurityCenterSimulator.withRunning` could not get the server listening.
public struct SimulatorStartFailure: Error, Sendable, CustomStringConvertible {
    public var description: String { "The simulated Security Center stopped before it was listening." }
}
