import Foundation

/// The search parameters of `GET /debug/traces` and `/debug/traces/stream`, checked
/// and turned into a `TraceQuery`. An empty value is the same as no value (a blank
/// field of a search form); an unknown or repeated parameter is refused.
struct TraceSearch {
    var query: TraceQuery
    /// The limit asked for; `query.limit` is the one applied.
    var requestedLimit: Int

    static let defaultLimit = 20

    /// Filters that apply to the stream as to the list.
    static let filterParameters: Set<String> = [
        "service", "operation", "route", "name", "status", "minDuration", "maxDuration", "tags", "q", "since", "until",
    ]
    /// Only the list orders and limits its answer.
    static let listParameters = filterParameters.union(["limit", "sort"])

    /// - Parameters:
    ///   - allowed: the parameters this endpoint takes.
    ///   - now: the wall clock in nanoseconds since the Unix epoch, for `since=15m`.
    init(_ items: QueryItems, allowed: Set<String>, now: UInt64) throws(TraceAPIError) {
        var values: [String: String] = [:]
        var tags: [String] = []
        for item in items {
            guard allowed.contains(item.name) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw TraceAPIError(.badRequest, "unknown parameter '\(item.name)'; known: \(known)", parameter: item.name)
            }
            guard !item.value.isEmpty else { continue }
            if item.name == "tags" {
                tags.append(item.value)
            } else if values.updateValue(item.value, forKey: item.name) != nil {
                throw TraceAPIError(.badRequest, "parameter '\(item.name)' given more than once", parameter: item.name)
            }
        }
        query = TraceQuery(
            service: values["service"],
            operation: values["operation"],
            route: values["route"],
            nameContains: values["name"]
        )
        if let status = values["status"] {
            guard let parsed = TraceStatus(rawValue: status) else {
                throw TraceAPIError(.badRequest, "status must be one of ok, error, unset", parameter: "status")
            }
            query.status = parsed
        }
        query.minDuration = try Self.duration(values, "minDuration")
        query.maxDuration = try Self.duration(values, "maxDuration")
        if let min = query.minDuration, let max = query.maxDuration, min > max {
            throw TraceAPIError(.badRequest, "minDuration is longer than maxDuration", parameter: "minDuration")
        }
        query.since = try Self.time(values, "since", now: now)
        query.until = try Self.time(values, "until", now: now)
        do {
            for tag in tags { query.filters.append(try LogfmtFilter(parsing: tag)) }
        } catch {
            throw TraceAPIError(error, parameter: "tags")
        }
        if let q = values["q"] {
            do {
                query.filters.append(try TraceQLQuery(parsing: q))
            } catch {
                throw TraceAPIError(error, parameter: "q")
            }
        }
        if let sort = values["sort"] {
            guard let parsed = TraceQuery.Sort(rawValue: sort) else {
                let names = TraceQuery.Sort.allCases.map(\.rawValue).joined(separator: ", ")
                throw TraceAPIError(.badRequest, "sort must be one of \(names)", parameter: "sort")
            }
            query.sort = parsed
        }
        requestedLimit = Self.defaultLimit
        if let limit = values["limit"] {
            guard let parsed = Int(limit), parsed >= 1 else {
                throw TraceAPIError(.badRequest, "limit must be a whole number of at least 1", parameter: "limit")
            }
            requestedLimit = parsed
        }
        query.limit = min(requestedLimit, TraceQuery.maxLimit)
    }

    private static func duration(_ values: [String: String], _ name: String) throws(TraceAPIError) -> Duration? {
        guard let text = values[name] else { return nil }
        let nanos: Int64
        do {
            nanos = try GoDuration.parse(text)
        } catch {
            throw TraceAPIError(error, parameter: name)
        }
        guard nanos >= 0 else { throw TraceAPIError(.badRequest, "\(name) must not be negative", parameter: name, position: 0) }
        return .nanoseconds(nanos)
    }

    /// An RFC 3339 time, or a duration that far before `now` (`15m`: since a quarter of an hour ago).
    private static func time(_ values: [String: String], _ name: String, now: UInt64) throws(TraceAPIError) -> UInt64? {
        guard let text = values[name] else { return nil }
        let characters = Array(text.prefix(5))
        let looksLikeDate = characters.count == 5 && characters[4] == "-" && characters[..<4].allSatisfy(\.isWholeNumber)
        let ago: Int64
        do {
            if looksLikeDate { return try RFC3339Time.parse(text) }
            ago = try GoDuration.parse(text)
        } catch {
            throw TraceAPIError(
                .badRequest,
                "\(name) must be an RFC 3339 time (2024-05-01T12:00:00Z) or a duration ago (15m): \(error.message)",
                parameter: name, position: error.position
            )
        }
        guard ago >= 0 else {
            throw TraceAPIError(.badRequest, "\(name) must be a time or a duration ago, not a negative duration", parameter: name, position: 0)
        }
        return now > UInt64(ago) ? now - UInt64(ago) : 0
    }
}
