import Testing

@testable import SpanscopeTracing

@Suite struct TraceQueryTests {
    /// Five traces that differ in every queried field.
    private func populatedStore() -> TraceStore {
        let store = TraceStore()
        let ms: UInt64 = 1_000_000
        recordTrace(store, 1, durationNanos: 5 * ms, route: "/orders", service: "orders", startNanos: epoch, children: 1)
        recordTrace(store, 2, durationNanos: 50 * ms, isError: true, route: "/orders", service: "orders", startNanos: epoch + 10 * ms)
        recordTrace(store, 3, durationNanos: 500 * ms, route: "/users", service: "users", startNanos: epoch + 20 * ms, children: 3)
        store.record(
            makeSpan(
                trace: 4, span: 1, parent: 0, name: "Cache Lookup", startNanos: epoch + 30 * ms,
                attributes: [Attribute("cache.hit", .bool(true))], service: "cache"
            )
        )
        store.record(
            makeSpan(
                trace: 4, span: 0, name: "GET /users", kind: .server, startNanos: epoch + 30 * ms, durationNanos: 1 * ms,
                attributes: [Attribute("http.route", .string("/users")), Attribute("http.response.status_code", .int(200))],
                ok: true, service: "users"
            )
        )
        recordTrace(store, 5, durationNanos: 2 * ms, route: "/health", service: "orders", startNanos: epoch + 40 * ms)
        return store
    }

    private func ids(_ summaries: [TraceSummary]) -> [UInt64] {
        summaries.map { summary in (1...5).first { makeTraceID($0).description == summary.traceID } ?? 0 }
    }

    @Test func everyFieldFilters() {
        let store = populatedStore()
        let ms: UInt64 = 1_000_000
        #expect(ids(store.query(TraceQuery(service: "cache"))) == [4])
        #expect(ids(store.query(TraceQuery(operation: "db.query", sort: .oldest))) == [1, 3])
        #expect(ids(store.query(TraceQuery(route: "/orders", sort: .oldest))) == [1, 2])
        #expect(ids(store.query(TraceQuery(status: .error))) == [2])
        #expect(ids(store.query(TraceQuery(status: .ok))) == [4])
        #expect(ids(store.query(TraceQuery(status: .unset, sort: .oldest))) == [1, 3, 5])
        #expect(ids(store.query(TraceQuery(minDuration: .milliseconds(50), sort: .oldest))) == [2, 3])
        #expect(ids(store.query(TraceQuery(maxDuration: .milliseconds(2), sort: .oldest))) == [4, 5])
        #expect(ids(store.query(TraceQuery(attributes: [Attribute("cache.hit", .bool(true))]))) == [4])
        #expect(ids(store.query(TraceQuery(attributes: [Attribute("cache.hit", .bool(false))]))) == [])
        #expect(ids(store.query(TraceQuery(attributes: [Attribute("service.name", .string("users"))], sort: .oldest))) == [3, 4])
        #expect(ids(store.query(TraceQuery(nameContains: "cache look"))) == [4])
        #expect(ids(store.query(TraceQuery(since: epoch + 20 * ms, until: epoch + 30 * ms, sort: .oldest))) == [3, 4])
        #expect(ids(store.query(TraceQuery(service: "orders", minDuration: .milliseconds(3), sort: .oldest))) == [1, 2])
    }

    @Test func sortsAndLimits() {
        let store = populatedStore()
        #expect(ids(store.query(TraceQuery())) == [5, 4, 3, 2, 1])
        #expect(ids(store.query(TraceQuery(sort: .oldest))) == [1, 2, 3, 4, 5])
        #expect(ids(store.query(TraceQuery(sort: .slowest))) == [3, 2, 1, 5, 4])
        #expect(ids(store.query(TraceQuery(sort: .fastest))) == [4, 5, 1, 2, 3])
        #expect(ids(Array(store.query(TraceQuery(sort: .mostSpans)).prefix(3))) == [3, 1, 4])
        #expect(ids(store.query(TraceQuery(sort: .slowest, limit: 2))) == [3, 2])
        #expect(store.query(TraceQuery(limit: -1)).isEmpty)
    }

    /// A limited query keeps only `limit` matches as it goes: it must return what sorting
    /// every match would, ties (many here) broken by trace-id.
    @Test(arguments: TraceQuery.Sort.allCases)
    func aLimitedQueryReturnsTheFirstMatchesOfTheFullOrder(sort: TraceQuery.Sort) {
        let store = TraceStore()
        for n in 0..<300 {
            let ms = UInt64(1_000_000)
            recordTrace(
                store, UInt64(n), durationNanos: UInt64(1 + n % 7) * ms, startNanos: epoch + UInt64(n % 11) * ms,
                children: n % 4
            )
        }
        let everything = store.query(TraceQuery(sort: sort, limit: TraceQuery.maxLimit))
        #expect(everything.count == 300)
        let expected = everything.sorted { lhs, rhs in
            let (left, right): (UInt64, UInt64) =
                switch sort {
                case .newest: (rhs.startNanos, lhs.startNanos)
                case .oldest: (lhs.startNanos, rhs.startNanos)
                case .slowest: (rhs.durationNanos, lhs.durationNanos)
                case .fastest: (lhs.durationNanos, rhs.durationNanos)
                case .mostSpans: (UInt64(rhs.spanCount), UInt64(lhs.spanCount))
                }
            return left != right ? left < right : lhs.traceID < rhs.traceID
        }
        #expect(everything.map(\.traceID) == expected.map(\.traceID))
        for limit in [1, 7, 299] {
            let first = store.query(TraceQuery(sort: sort, limit: limit))
            #expect(first.map(\.traceID) == expected.prefix(limit).map(\.traceID))
        }
    }

    @Test func theLimitIsCapped() {
        let store = TraceStore(configuration: .init(recentTraces: 1_500))
        for n in 0..<1_200 { recordTrace(store, UInt64(n)) }
        #expect(store.query(TraceQuery(limit: 5_000)).count == TraceQuery.maxLimit)
    }

    @Test func summariesCarryTheRootAndTheWholeTrace() throws {
        let store = populatedStore()
        let summary = try #require(store.summary(id: makeTraceID(4)))
        #expect(summary.rootName == "GET /users")
        #expect(summary.rootService == "users")
        #expect(summary.services == ["cache", "users"])
        #expect(summary.route == "/users")
        #expect(summary.statusCode == 200)
        #expect(summary.status == .ok)
        #expect(summary.spanCount == 2)
        #expect(summary.errorCount == 0)
        #expect(summary.startNanos == epoch + 30_000_000)
        #expect(summary.durationNanos == 1_000_000)
        #expect(!summary.isIncomplete)
        #expect(summary.keptReasons.contains(.recent))
    }

    @Test func parsedFiltersCombineWithFields() throws {
        let store = populatedStore()
        let logfmt = try LogfmtFilter(parsing: "cache.hit=true")
        let traceQL = try TraceQLQuery(parsing: "{ traceDuration > 10ms }")
        #expect(ids(store.query(TraceQuery(filters: [logfmt]))) == [4])
        #expect(ids(store.query(TraceQuery(service: "orders", filters: [traceQL]))) == [2])
    }

    /// 10,000 traces with a span-walking filter; its speed is measured in Benchmarks/, not here.
    @Test func aFilteredQueryOverTenThousandTracesFindsTheNewestMatches() throws {
        let store = TraceStore(configuration: .init(recentTraces: 10_000))
        for n in 0..<10_000 { recordTrace(store, UInt64(n), isError: n % 100 == 0, route: "/r\(n % 50)", children: 2) }
        let query = TraceQuery(service: "shop", status: .error, filters: [try TraceQLQuery(parsing: #"{ name =~ "db.*" }"#)])
        let results = store.query(query)
        #expect(results.count == 20)
        #expect(results.allSatisfy { $0.errorCount > 0 })
    }
}
