import Foundation

/// How one authenticated request is answered: a page, or the queued fault.
extension SecurityCenterSimulator {
    func answer(
        _ request: AuthenticatedRequest, fault: SimulatorFault?, requestId: String, hostId: String
    ) async throws -> SimulatorReply {
        let requestIdHeader = ("x-acs-request-id", requestId)
        switch fault {
        case nil:
            return try page(request, requestId: requestId)
        case .throttling(let code, let status, let retryAfter):
            var headers = [requestIdHeader]
            if let retryAfter { headers.append(("x-acs-retry-after", "\(retryAfter)")) }
            let error = ServiceError.throttled(code: code, status: status)
            return .json(WireFormat.error(error, requestId: requestId, hostId: hostId), status: status, headers: headers,
                         outcome: "fault:throttling:\(code)")
        case .noPermission:
            let error = ServiceError.noPermission
            return .json(WireFormat.error(error, requestId: requestId, hostId: hostId), status: error.status,
                         headers: [requestIdHeader], outcome: "fault:noPermission")
        case .serverErrorHTML(let status):
            return SimulatorReply(status: status, headers: [("content-type", "text/html")],
                                  body: .bytes(Array(WireFormat.htmlError(status: status).utf8)), outcome: "fault:html")
        case .malformedJSON:
            return .json(WireFormat.malformed, outcome: "fault:malformedJSON")
        case .truncatedJSON:
            var whole = try page(request, requestId: requestId)
            if case .bytes(let bytes) = whole.body { whole.body = .bytes(Array(bytes.prefix(bytes.count / 2))) }
            whole.outcome = "fault:truncatedJSON"
            return whole
        case .emptyBody(let status):
            return SimulatorReply(status: status, headers: [], body: .empty, outcome: "fault:emptyBody")
        case .xmlError(let code, let status):
            let xml = WireFormat.xmlError(code: code, requestId: requestId, hostId: hostId)
            return SimulatorReply(status: status, headers: [("content-type", "text/xml;charset=utf-8"), requestIdHeader],
                                  body: .bytes(Array(xml.utf8)), outcome: "fault:xml:\(code)")
        case .slow(let delay):
            try await Task.sleep(for: delay)
            var normal = try page(request, requestId: requestId)
            normal.outcome = "fault:slow"
            return normal
        case .dropConnection:
            return SimulatorReply(status: 200, headers: [], body: .dropConnection, outcome: "fault:dropConnection")
        case .lyingTotalCount(let total):
            return try page(request, requestId: requestId, quirks: PageQuirks(reportedTotal: total, outcome: "fault:lyingTotalCount"))
        case .duplicatePages:
            return try page(request, requestId: requestId, quirks: PageQuirks(servedPage: 1, outcome: "fault:duplicatePages"))
        case .ignoreCurrentPage:
            return try page(
                request, requestId: requestId,
                quirks: PageQuirks(servedPage: 1, answeredPage: 1, outcome: "fault:ignoreCurrentPage"))
        case .capPageSize(let cap, let withTotalCount):
            return try page(
                request, requestId: requestId,
                quirks: PageQuirks(pageSizeCap: cap, omitsTotalCount: !withTotalCount, outcome: "fault:capPageSize"))
        case .omitTotalCount:
            return try page(request, requestId: requestId, quirks: PageQuirks(omitsTotalCount: true, outcome: "fault:omitTotalCount"))
        case .hostileError(let status, let code, let message, let hostileRequestId):
            let body = JSONText.object([
                ("RequestId", JSONText.quoted(hostileRequestId)), ("HostId", JSONText.quoted(hostId)),
                ("Code", JSONText.quoted(code)), ("Message", JSONText.quoted(message)),
            ])
            // The header carries what a header can carry; the body all of it.
            let headerSafe = hostileRequestId.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            return .json(body, status: status, headers: headerSafe ? [("x-acs-request-id", hostileRequestId)] : [],
                         outcome: "fault:hostileError")
        }
    }

    /// How a page departs from the truth, for the paging faults.
    struct PageQuirks {
        /// Replaces the true `TotalCount`.
        var reportedTotal: Int?
        /// Whose items are sent, whatever page was asked for.
        var servedPage: Int?
        /// `PageInfo.CurrentPage` sent, whatever page was asked for.
        var answeredPage: Int?
        /// Fewer items per page than asked for, while `PageInfo.PageSize` still says the size asked for.
        var pageSizeCap: Int?
        var omitsTotalCount = false
        var outcome = "ok"
    }

    /// A page of the data set, as `quirks` bend it.
    func page(_ request: AuthenticatedRequest, requestId: String, quirks: PageQuirks = PageQuirks()) throws(ServiceError) -> SimulatorReply {
        let currentPage = max(try Self.integer(request.parameter("CurrentPage"), name: "CurrentPage") ?? 1, 1)
        let requestedSize = try Self.integer(request.parameter("PageSize"), name: "PageSize") ?? Self.defaultPageSize
        let pageSize = requestedSize < 1 ? Self.defaultPageSize : min(requestedSize, Self.maximumPageSize)
        let servedSize = max(1, min(pageSize, quirks.pageSizeCap ?? pageSize))
        let filter = request.parameter("RuleActionName") ?? ""

        let (notifications, wireItems) = currentItems
        let servedPage = quirks.servedPage ?? currentPage
        // Overflow-safe: a huge CurrentPage just lands past the end.
        let (offset, overflow) = (servedPage - 1).multipliedReportingOverflow(by: servedSize)
        let items: [String]
        let total: Int
        if filter.isEmpty {
            // The common case, and the one benchmarks hit: no per-request pass over the data set.
            total = wireItems.count
            let start = overflow ? total : min(offset, total)
            items = Array(wireItems[start..<min(start + servedSize, total)])
        } else {
            let matching = notifications.indices.filter { notifications[$0].name.utf8.contains(filter.utf8) }
            total = matching.count
            let start = overflow ? total : min(offset, total)
            items = matching[start..<min(start + servedSize, total)].map { wireItems[$0] }
        }
        let body = WireFormat.page(
            requestId: requestId, currentPage: quirks.answeredPage ?? currentPage, pageSize: pageSize,
            totalCount: quirks.omitsTotalCount ? nil : (quirks.reportedTotal ?? total), items: items[...])
        return .json(body, headers: [("x-acs-request-id", requestId)], outcome: quirks.outcome)
    }
}
