/// A request URL as a CLIENT span records it (OpenTelemetry's `url.full`, `server.address`
/// and `server.port`).
///
/// Read leniently, so that a URL the client then refuses still gets its span: credentials
/// become `REDACTED:REDACTED` and the values of the sensitive query parameters `REDACTED`,
/// as the conventions ask; everything else stays as the caller wrote it.
struct ClientURL: Sendable, Hashable {
    let full: String
    /// The host without brackets around an IPv6 literal; nil when there is none.
    let serverAddress: String?
    /// The URL's port, or the scheme's default one; nil when neither is known.
    let serverPort: Int?

    init(_ url: String) {
        guard let separator = url.range(of: "://") else {
            full = Self.redactingQuery(url[...])
            serverAddress = nil
            serverPort = nil
            return
        }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var redactedAuthority = authority
        if let at = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: at)...]
            redactedAuthority = "REDACTED:REDACTED@" + authority
        }
        full = url[..<separator.upperBound] + redactedAuthority + Self.redactingQuery(rest[authorityEnd...])

        let (host, portText) = Self.split(authority)
        serverAddress = host.isEmpty ? nil : String(host)
        if let portText, !portText.isEmpty {
            let isNumber = portText.count <= 5 && portText.allSatisfy { $0.isASCII && $0.isNumber }
            serverPort = isNumber ? Int(portText).flatMap { $0 <= 65535 ? $0 : nil } : nil
        } else {
            // RFC 3986: an empty port, like a missing one, is the scheme's default.
            serverPort = Self.defaultPorts[url[..<separator.lowerBound].lowercased()]
        }
    }

    private static let defaultPorts = ["http": 80, "https": 443]

    /// Host and port text of `host[:port]` or `[v6][:port]`; the port is nil when not written.
    private static func split(_ authority: Substring) -> (host: Substring, port: Substring?) {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            let host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            return (host, after.hasPrefix(":") ? after.dropFirst() : nil)
        }
        guard let colon = authority.lastIndex(of: ":") else { return (authority, nil) }
        return (authority[..<colon], authority[authority.index(after: colon)...])
    }

    /// Redacts the conventions' sensitive query parameters, as the server spans do.
    private static let queryRedaction = TracingOptions()

    /// `path?query#fragment` with the sensitive query values replaced.
    private static func redactingQuery(_ target: Substring) -> String {
        guard let mark = target.firstIndex(of: "?") else { return String(target) }
        let queryStart = target.index(after: mark)
        let queryEnd = target[queryStart...].firstIndex(of: "#") ?? target.endIndex
        return target[..<queryStart] + queryRedaction.redacting(query: target[queryStart..<queryEnd]) + target[queryEnd...]
    }
}
