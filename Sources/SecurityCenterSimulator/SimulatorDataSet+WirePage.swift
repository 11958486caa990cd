extension SimulatorDataSet {
    /// The first page of this data set exactly as the simulator sends it,
    /// for decoder micro-benchmarks that must not go through HTTP.
    public func wirePage(pageSize: Int) -> String {
        let items = notifications.prefix(pageSize).map { WireFormat.item($0, quirks: wireQuirks) }
        return WireFormat.page(
            requestId: "BENCH-0000", currentPage: 1, pageSize: pageSize, totalCount: notifications.count, items: items[...])
    }
}
