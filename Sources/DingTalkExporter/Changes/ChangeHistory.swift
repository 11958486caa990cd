/// A ring of the newest change events: appending past `capacity`
/// overwrites the oldest, so memory stays bounded however much changes.
struct ChangeHistory: Sendable {
    let capacity: Int
    private var buffer: [ChangeEvent] = []
    /// Where the next event goes once the buffer is full (the oldest one).
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        buffer.reserveCapacity(min(self.capacity, 1024))
    }

    var count: Int { buffer.count }

    mutating func append(contentsOf events: [ChangeEvent]) {
        for event in events { append(event) }
    }

    mutating func append(_ event: ChangeEvent) {
        guard capacity > 0 else { return }
        if buffer.count < capacity {
            buffer.append(event)
        } else {
            buffer[next] = event
            next = (next + 1) % capacity
        }
    }

    /// Newest first. Events of one poll keep their order among themselves
    /// reversed too, like a log read from the bottom.
    func newestFirst() -> [ChangeEvent] {
        Array((buffer[next...] + buffer[..<next]).reversed())
    }
}
