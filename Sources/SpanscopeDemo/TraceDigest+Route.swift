public import Spanscope

extension TraceDigest {
    /// Adds `GET /debug/waterfall?limit=&sort=newest|slowest&status=error|ok|unset`: the
    /// store's latest traces as text waterfalls (3 by default, at most 20).
    ///
    /// ```swift
    /// TraceDigest(store: store).register(on: &router)
    /// ```
    public func register(on router: inout Router) {
        router.get("/debug/waterfall") { request, _ in
            Response(text: render(try Self.waterfallQuery(request.queryItems)))
        }
    }

    static func waterfallQuery(_ items: QueryItems) throws -> TraceQuery {
        var query = TraceQuery(limit: 3)
        if let limit = items["limit"] {
            guard let count = Int(limit), (1...20).contains(count) else {
                throw HTTPError(.badRequest, "limit must be 1 to 20")
            }
            query.limit = count
        }
        if let sort = items["sort"] {
            guard let order = TraceQuery.Sort(rawValue: sort) else {
                throw HTTPError(.badRequest, "sort must be one of \(TraceQuery.Sort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.sort = order
        }
        if let status = items["status"] {
            guard let value = TraceStatus(rawValue: status) else {
                throw HTTPError(.badRequest, "status must be error, ok or unset")
            }
            query.status = value
        }
        return query
    }
}
