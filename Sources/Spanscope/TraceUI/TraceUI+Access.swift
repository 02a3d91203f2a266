extension TraceUI {
    /// Who may read the trace UI. The value is the whole policy: a bearer token or an
    /// `authorize` closure replaces the loopback rule rather than adding to it, so that a
    /// proxy on the same host cannot open a token-protected UI to everyone it relays.
    ///
    /// ```swift
    /// TraceUI(store: store)                                        // loopback clients only
    /// TraceUI(store: store, access: .bearerToken(secret))          // anyone with the token
    /// TraceUI(store: store, access: .authorize { request in        // your own rule
    ///     TraceUI.Access.isLoopback(request) || request.headers["X-Team"] == "sre"
    /// })
    /// ```
    public struct Access: Sendable {
        enum Policy: Sendable {
            case loopbackOnly
            case bearerToken([UInt8])
            case authorize(@Sendable (Request) -> Bool)
        }

        let policy: Policy

        /// Only clients on this host, as `isLoopback(_:)` decides; others get 403.
        public static let loopbackOnly = Access(policy: .loopbackOnly)

        /// Any client that sends `Authorization: Bearer <token>`, compared in constant time;
        /// others get 401 with `WWW-Authenticate: Bearer`. Loopback clients need it too.
        ///
        /// ```swift
        /// let access = TraceUI.Access.bearerToken(ProcessInfo.processInfo.environment["TRACES_TOKEN"]!)
        /// ```
        public static func bearerToken(_ token: String) -> Access {
            precondition(!token.isEmpty, "a bearer token for the trace UI must not be empty")
            return Access(policy: .bearerToken(Array(token.utf8)))
        }

        /// Clients for which `decide` returns true; others get 403. It runs for every API request.
        ///
        /// ```swift
        /// let access = TraceUI.Access.authorize { $0.remoteAddress.hasPrefix("10.") }
        /// ```
        public static func authorize(_ decide: @escaping @Sendable (Request) -> Bool) -> Access {
            Access(policy: .authorize(decide))
        }

        /// True when the request comes from this host and says it was relayed for no one else.
        ///
        /// The peer address must be loopback (127.0.0.0/8, ::1, or 127.x mapped into IPv6), and
        /// so must every client address named by `Forwarded` (`for=`), `X-Forwarded-For` and
        /// `X-Real-IP`: a proxy on this host relaying a remote client names it there, and the
        /// request is refused. A hidden or unknown forwarded address counts as remote. The
        /// `Host` header, when sent, must name this host (`localhost`, `*.localhost` or a
        /// loopback address), so that a web page whose domain was rebound to 127.0.0.1 cannot
        /// read the UI through the visitor's browser. (A proxy that relays without saying so
        /// cannot be told from a local client: behind one, use a token.)
        ///
        /// ```swift
        /// let access = TraceUI.Access.authorize { TraceUI.Access.isLoopback($0) || isOffice($0) }
        /// ```
        public static func isLoopback(_ request: Request) -> Bool {
            guard LoopbackAddress.contains(request.remoteAddress) else { return false }
            for address in LoopbackAddress.forwardedClients(in: request.headers) where !LoopbackAddress.contains(address) {
                return false
            }
            return request.headers.values(for: "Host").allSatisfy(LoopbackAddress.isLoopbackHost)
        }

        func check(_ request: Request) throws(TraceAPIError) {
            switch policy {
            case .loopbackOnly:
                guard Self.isLoopback(request) else {
                    throw TraceAPIError(
                        .forbidden,
                        "the trace UI answers loopback clients only (connect to localhost, not through a proxy), "
                            + "unless it is configured with a bearer token or an authorize rule"
                    )
                }
            case .bearerToken(let expected):
                guard let given = Self.bearerCredential(in: request.headers) else {
                    throw TraceAPIError(
                        .unauthorized, "a bearer token is required (Authorization: Bearer <token>)",
                        parameter: "Authorization", headers: ["WWW-Authenticate": #"Bearer realm="spanscope""#]
                    )
                }
                guard Self.constantTimeEquals(given, expected) else {
                    throw TraceAPIError(
                        .unauthorized, "the bearer token is not valid",
                        parameter: "Authorization",
                        headers: ["WWW-Authenticate": #"Bearer realm="spanscope", error="invalid_token""#]
                    )
                }
            case .authorize(let decide):
                guard decide(request) else {
                    throw TraceAPIError(.forbidden, "not authorized to read the trace UI")
                }
            }
        }

        /// The JSON answer that refuses `request`; nil when it may read the UI.
        func refusal(_ request: Request) -> Response? {
            do throws(TraceAPIError) {
                try check(request)
                return nil
            } catch {
                return error.response
            }
        }

        /// The token of `Authorization: Bearer <token>` (RFC 6750: the scheme in any case, one or more spaces).
        static func bearerCredential(in headers: HTTPHeaders) -> [UInt8]? {
            guard let value = headers["Authorization"] else { return nil }
            let bytes = Array(value.utf8)
            let scheme = Array("bearer".utf8)
            guard bytes.count > scheme.count, zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 }),
                  bytes[scheme.count] == UInt8(ascii: " ")
            else { return nil }
            let token = bytes[(scheme.count + 1)...].drop { $0 == UInt8(ascii: " ") }
            return token.isEmpty ? nil : Array(token)
        }

        /// Compares in time that depends on the expected token's length only, so that the
        /// answer's timing tells nothing about how much of a guess was right.
        @inline(never)
        static func constantTimeEquals(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
            var difference: UInt8 = given.count == expected.count ? 0 : 1
            for index in expected.indices {
                difference |= expected[index] ^ (index < given.count ? given[index] : 0)
            }
            return difference == 0
        }
    }
}
