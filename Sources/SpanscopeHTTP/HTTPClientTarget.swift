/// Where a client request goes: the parts of an `http://` URL libevent needs.
struct HTTPClientTarget: Sendable, Hashable {
    /// As libevent resolves it: an IPv6 literal without brackets.
    var host: String
    var port: Int
    /// Path and query as sent on the request line, never empty.
    var requestURI: String

    /// The `Host` header value: brackets around IPv6, the port unless it is 80.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    /// The pool key: connections are reused per host and port.
    var authority: String { "\(host):\(port)" }

    init(host: String, port: Int, requestURI: String) {
        self.host = host
        self.port = port
        self.requestURI = requestURI
    }

    /// Parses `http://host[:port][/path][?query][#fragment]`. Userinfo is refused rather
    /// than dropped: sending credentials nowhere would surprise a caller.
    init(parsing url: String) throws(HTTPClientError) {
        let invalid = HTTPClientError.invalidURL(url)
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw invalid }
        guard url.count > 7, url.prefix(7).lowercased() == "http://" else { throw invalid }
        var rest = url[url.index(url.startIndex, offsetBy: 7)...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let target = rest[authorityEnd...]
        guard !authority.isEmpty, !authority.contains("@") else { throw invalid }

        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid }
                portPart = after.dropFirst()
            }
            guard hostPart.contains(":"), hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { throw invalid }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority
            }
            guard hostPart.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else { throw invalid }
        }
        guard !hostPart.isEmpty else { throw invalid }
        var port = 80
        if let portPart {
            guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy(\.isASCIIDigit),
                  let value = Int(portPart), (1...65535).contains(value) else { throw invalid }
            port = value
        }
        host = String(hostPart)
        self.port = port
        requestURI = target.hasPrefix("/") ? String(target) : "/" + target
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
