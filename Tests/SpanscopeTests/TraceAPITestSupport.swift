import Foundation
import SpanscopeTestSupport
import Testing
import Tracing
import W3CTraceContext

@testable import Spanscope

/// A server on a free port with the trace API mounted, for one test.
struct TraceAPIServer: Sendable {
    let server: HTTPServer
    let host: String

    var port: Int { server.port }

    /// A GET on a new connection, from `source` when given; answered in full.
    func request(
        _ target: String,
        headers: [(String, String)] = [],
        from source: String? = nil
    ) async throws -> RawConnection.Response {
        try await request("GET", target, headers: headers, from: source)
    }

    /// One request on a new connection, from `source` when given; answered in full.
    func request(
        _ method: String,
        _ target: String,
        headers: [(String, String)] = [],
        body: String = "",
        from source: String? = nil
    ) async throws -> RawConnection.Response {
        let (host, port) = (host, port)
        return try await blocking {
            let socket = try RawConnection(host: host, port: port, source: source)
            let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            socket.send(method, target, host: authority, headers: headers, body: body)
            return try socket.readResponse(head: method == "HEAD")
        }
    }

    /// A GET whose answer must be 200 with a JSON object.
    func object(_ target: String, headers: [(String, String)] = []) async throws -> [String: Any] {
        let response = try await request(target, headers: headers)
        #expect(response.status == 200, "\(target): \(response.text)")
        #expect(response.header("Content-Type") == "application/json")
        return try response.object()
    }

    /// The trace-ids of a search, in answer order.
    func traceIDs(_ query: String) async throws -> [String] {
        let list = try await object("/debug/traces?" + query)
        let traces = try #require(list["traces"] as? [[String: Any]], "\(list)")
        return traces.compactMap { $0["traceId"] as? String }
    }
}

extension RawConnection.Response {
    /// The body parsed as JSON; fails the test's `#require` when it is not JSON.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }

    func object() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw RawConnection.Failure("not a JSON object: \(text)") }
        return object
    }
}

/// Mounts `ui` on a server bound to `host` and port 0, runs `body`, and shuts the server down.
func withTraceAPI<T>(
    _ ui: TraceUI,
    at prefix: String = "/debug/traces",
    host: String = "127.0.0.1",
    _ body: (TraceAPIServer) async throws -> T
) async throws -> T {
    var router = Router()
    ui.register(on: &router, at: prefix)
    let server = HTTPServer(
        configuration: ServerConfiguration(host: host, port: 0, loopCount: 1, shutdownGracePeriod: .seconds(2)),
        router: router
    )
    try server.start()
    do {
        let result = try await body(TraceAPIServer(server: server, host: host))
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// A fresh store holding the sample traces, started relative to the wall clock so that
/// `since=15m` has a meaning.
func sampleStore(configuration: TraceStore.Configuration = TraceStore.Configuration()) -> (TraceStore, SampleTraces) {
    let store = TraceStore(configuration: configuration)
    let samples = SampleTraces(now: TraceUI.wallClockNanos())
    samples.record(into: store)
    return (store, samples)
}

/// Five hand-built traces covering every filter of the search.
///
/// | trace     | started  | duration | spans | services                 | status | route      |
/// |-----------|----------|----------|-------|--------------------------|--------|------------|
/// | checkout  | 60 m ago | 120 ms   | 4     | frontend, payments       | ok     | /checkout  |
/// | failed    | 30 m ago | 900 ms   | 3     | frontend, payments       | error  | /checkout  |
/// | health    | 5 m ago  | 2 ms     | 1     | frontend                 | unset  | /health    |
/// | search    | 5 h ago  | 40 ms    | 2     | search                   | ok     | /search    |
/// | hostile   | 1 m ago  | 5 ms     | 2     | `hostile` service name   | unset  | hostile    |
///
/// Ages lie minutes apart, so that a relative `since=15m` selects the same traces however
/// long a loaded machine takes to run the test.
struct SampleTraces: Sendable {
    let now: UInt64

    static let checkout = traceID(1)
    static let failed = traceID(2)
    static let health = traceID(3)
    static let search = traceID(4)
    static let hostile = traceID(5)

    static var all: [String] { [checkout, failed, health, search, hostile] }

    /// Strings meant to break out of JSON or HTML if anything on the way failed to escape them.
    static let hostileName = #"</script><img src=x onerror=alert(1)>"#
    static let hostileService = #""><svg onload=alert(1)>"#
    static let hostileQuote = #"He said "hi" & 'bye' \ </script>"#
    static let hostileControl = "a\u{0}b\u{1}c\u{1F}d\u{7F}e\n\r\t\u{2028}\u{2029}😀\u{FFFD}"

    static func traceID(_ n: UInt64) -> String {
        String(repeating: "0", count: 16) + String(format: "%016llx", 0xABCD_0000_0000_0000 | n)
    }

    func record(into store: TraceStore) {
        let seconds: UInt64 = 1_000_000_000
        let ms: UInt64 = 1_000_000
        // checkout: a database call and a payment, all fine.
        var start = now - 3600 * seconds
        store.record(span(1, 2, parent: 1, "SELECT * FROM orders", .client, "frontend", start + ms, 30 * ms,
                          attributes: [Attribute("db.system", .string("postgresql"))]))
        store.record(span(1, 4, parent: 3, "POST /pay", .server, "payments", start + 41 * ms, 40 * ms, ok: true))
        store.record(span(1, 3, parent: 1, "POST /pay", .client, "frontend", start + 40 * ms, 50 * ms))
        store.record(span(1, 1, "GET /checkout", .server, "frontend", start, 120 * ms, ok: true,
                          attributes: [Attribute("http.route", .string("/checkout")), Attribute("http.response.status_code", .int(200))]))
        // failed: the payment fails, and so does the checkout.
        start = now - 1800 * seconds
        store.record(span(2, 3, parent: 2, "POST /pay", .server, "payments", start + 10 * ms, 800 * ms, error: "card declined"))
        store.record(span(2, 2, parent: 1, "POST /pay", .client, "frontend", start + 5 * ms, 810 * ms))
        store.record(span(2, 1, "GET /checkout", .server, "frontend", start, 900 * ms, error: "payment failed",
                          attributes: [
                              Attribute("http.route", .string("/checkout")), Attribute("http.response.status_code", .int(500)),
                              Attribute("user.tier", .string("gold")),
                          ]))
        // health: one fast span.
        start = now - 300 * seconds
        store.record(span(3, 1, "GET /health", .server, "frontend", start, 2 * ms,
                          attributes: [Attribute("http.route", .string("/health")), Attribute("http.response.status_code", .int(200))]))
        // search: five hours old.
        start = now - 18000 * seconds
        store.record(span(4, 2, parent: 1, "search index", .internal, "search", start + ms, 30 * ms,
                          attributes: [Attribute("query.text", .string("shoes"))]))
        store.record(span(4, 1, "GET /search", .server, "search", start, 40 * ms, ok: true,
                          attributes: [Attribute("http.route", .string("/search"))]))
        // hostile: every string a payload.
        start = now - 60 * seconds
        store.record(
            SpanRecord(
                traceID: Self.id(5), spanID: Self.spanID(2), parentSpanID: Self.spanID(1), name: Self.hostileQuote,
                startNanos: start + ms, endNanos: start + 3 * ms,
                attributes: [Attribute("quote", .string(Self.hostileQuote)), Attribute(Self.hostileName, .string(Self.hostileControl))],
                events: [SpanRecord.Event(name: Self.hostileName, timeNanos: start + 2 * ms, attributes: [Attribute("x", .string(Self.hostileControl))])],
                resource: Resource(attributes: [Attribute("service.name", .string(Self.hostileService))])
            )
        )
        store.record(span(5, 1, Self.hostileName, .server, Self.hostileService, start, 5 * ms))
    }

    static func id(_ n: UInt64) -> TraceID {
        var bytes = TraceID.null.bytes
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: (0xABCD_0000_0000_0000 | n).bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return TraceID(bytes: bytes)
    }

    static func spanID(_ n: UInt64) -> SpanID {
        var bytes = SpanID.null.bytes
        withUnsafeMutableBytes(of: &bytes) { raw in raw.storeBytes(of: (0x5000 + n).bigEndian, toByteOffset: 0, as: UInt64.self) }
        return SpanID(bytes: bytes)
    }

    private func span(
        _ trace: UInt64, _ span: UInt64, parent: UInt64? = nil, _ name: String, _ kind: SpanKind, _ service: String,
        _ start: UInt64, _ duration: UInt64, ok: Bool = false, error: String? = nil, attributes: [Attribute] = []
    ) -> SpanRecord {
        SpanRecord(
            traceID: Self.id(trace),
            spanID: Self.spanID(span),
            parentSpanID: parent.map(Self.spanID),
            name: name,
            kind: kind,
            startNanos: start,
            endNanos: start + duration,
            attributes: attributes,
            status: error.map { SpanStatus(code: .error, message: $0) } ?? (ok ? SpanStatus(code: .ok) : nil),
            resource: Resource(attributes: [Attribute("service.name", .string(service))])
        )
    }
}

/// A span of its own trace `n`, for tests that record traces one by one.
func singleSpanTrace(_ n: UInt64, service: String, name: String = "GET /tail", now: UInt64 = TraceUI.wallClockNanos()) -> SpanRecord {
    SpanRecord(
        traceID: SampleTraces.id(n), spanID: SampleTraces.spanID(1), name: name, kind: .server,
        startNanos: now, endNanos: now + 1_000_000,
        resource: Resource(attributes: [Attribute("service.name", .string(service))])
    )
}

/// A non-loopback IPv4 address of this machine, if it has one: a client connecting to it
/// from it is not a loopback client.
let nonLoopbackAddress: String? = {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0 else { return nil }
    defer { freeifaddrs(list) }
    var entry = list
    while let current = entry {
        defer { entry = current.pointee.ifa_next }
        guard let address = current.pointee.ifa_addr, Int32(address.pointee.sa_family) == AF_INET else { continue }
        var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
        guard UInt32(bigEndian: v4.s_addr) >> 24 != 127 else { continue }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &v4, &text, socklen_t(text.count))
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    return nil
}()

/// True when this machine can listen on IPv6's loopback.
let hasIPv6Loopback: Bool = {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
    } == 0
}()
