import SpanscopeHTTP

/// Who sent a request and what they addressed, as the stable HTTP semantic conventions ask
/// for it: the original client, scheme and host behind reverse proxies when `Forwarded`
/// (RFC 7239) or the `X-Forwarded-*` headers say so (`Forwarded` wins), else the
/// connection's peer, `http` and the `Host` header; and the client's `User-Agent`.
struct RequestOrigin {
    /// `client.address`: the first `for=` of `Forwarded`, or the first entry of
    /// `X-Forwarded-For`, without port, brackets or quotes; else the peer's address.
    var clientAddress: String
    /// `url.scheme`: `proto=` of `Forwarded`, or `X-Forwarded-Proto`; else `http`.
    var scheme: String
    /// `server.address` and `server.port`: `host=` of `Forwarded`, `X-Forwarded-Host`, or
    /// `Host`; the port is the scheme's default when the header names none. Nil without any.
    var serverAddress: String?
    var serverPort: Int?
    /// `user_agent.original`: the first `User-Agent` line; read in the same pass.
    var userAgent: String?

    init(_ request: Request) {
        var forwarded: String?
        var forwardedFor: String?
        var forwardedHost: String?
        var forwardedProto: String?
        var host: String?
        // One pass over the headers; the length check keeps the usual miss cheap.
        for field in request.headers {
            switch field.name.utf8.count {
            case 4 where host == nil && HTTPHeaders.namesEqual(field.name, "host"):
                host = field.value
            case 9 where HTTPHeaders.namesEqual(field.name, "forwarded"):
                // Several lines are one list.
                forwarded = forwarded.map { $0 + "," + field.value } ?? field.value
            case 10 where userAgent == nil && HTTPHeaders.namesEqual(field.name, "user-agent"):
                userAgent = field.value
            case 15 where forwardedFor == nil && HTTPHeaders.namesEqual(field.name, "x-forwarded-for"):
                forwardedFor = field.value
            case 16 where forwardedHost == nil && HTTPHeaders.namesEqual(field.name, "x-forwarded-host"):
                forwardedHost = field.value
            case 17 where forwardedProto == nil && HTTPHeaders.namesEqual(field.name, "x-forwarded-proto"):
                forwardedProto = field.value
            default:
                break
            }
        }
        let parameters = forwarded.map(ForwardedParameters.init) ?? ForwardedParameters()
        clientAddress =
            parameters.for.flatMap { Self.nodeAddress(Substring($0)) }
            ?? forwardedFor.flatMap { Self.nodeAddress(Self.firstListElement($0)) }
            ?? request.remoteAddress
        scheme = (parameters.proto ?? forwardedProto.map { String(Self.firstListElement($0)) })?.lowercased() ?? "http"
        guard let authority = parameters.host ?? forwardedHost.map({ String(Self.firstListElement($0)) }) ?? host,
            let (address, port) = Self.hostAndPort(authority)
        else { return }
        serverAddress = address
        serverPort = port ?? (scheme == "https" ? 443 : 80)
    }

    private static func firstListElement(_ list: String) -> Substring {
        let list = Substring(list)
        let end = list.utf8.firstIndex(of: UInt8(ascii: ",")) ?? list.endIndex
        return list[..<end].trimmingOWS()
    }

    /// A node of RFC 7239 section 6 (or an `X-Forwarded-For` entry) as an address:
    /// `[2001:db8::17]:4711` is `2001:db8::17`, `192.0.2.43:47011` is `192.0.2.43`,
    /// `unknown` is no address; an obfuscated identifier (`_hidden`) stays as it is.
    static func nodeAddress(_ node: Substring) -> String? {
        let node = node.trimmingOWS()
        if node.utf8.first == UInt8(ascii: "[") {
            guard let close = node.utf8.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            let address = node[node.utf8.index(after: node.startIndex)..<close]
            return address.isEmpty ? nil : String(address)
        }
        guard !node.isEmpty, node.lowercased() != "unknown" else { return nil }
        // One colon separates an IPv4 address or a name from its port; a bare IPv6
        // address has several.
        guard let colon = node.utf8.firstIndex(of: UInt8(ascii: ":")),
            !node.utf8[node.utf8.index(after: colon)...].contains(UInt8(ascii: ":"))
        else { return String(node) }
        return String(node[..<colon])
    }

    /// `host[:port]` as in `Host` (RFC 9110 section 7.2); an IPv6 host loses its brackets.
    /// Runs for every traced request, so it reads the bytes in place.
    static func hostAndPort(_ authority: String) -> (String, Int?)? {
        var authority = authority
        return authority.withUTF8 { all -> (String, Int?)? in
            let isOWS = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            var start = 0
            var end = all.count
            while start < end, isOWS(all[start]) { start += 1 }
            while end > start, isOWS(all[end - 1]) { end -= 1 }
            let hostStart: Int
            let hostEnd: Int
            let afterHost: Int
            if start < end, all[start] == UInt8(ascii: "[") {
                guard let close = all[start..<end].firstIndex(of: UInt8(ascii: "]")) else { return nil }
                (hostStart, hostEnd, afterHost) = (start + 1, close, close + 1)
            } else {
                let colon = all[start..<end].firstIndex(of: UInt8(ascii: ":")) ?? end
                (hostStart, hostEnd, afterHost) = (start, colon, colon)
            }
            guard hostEnd > hostStart else { return nil }
            let host = String(decoding: UnsafeBufferPointer(rebasing: all[hostStart..<hostEnd]), as: UTF8.self)
            guard afterHost < end, all[afterHost] == UInt8(ascii: ":") else { return (host, nil) }
            return (host, port(all[(afterHost + 1)..<end]))
        }
    }

    /// A decimal port, 0 to 65535; nil for anything else.
    private static func port(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard !digits.isEmpty, digits.count <= 5 else { return nil }
        var port = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            port = port * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return port <= 65535 ? port : nil
    }
}

/// The `for`, `host` and `proto` parameters of a `Forwarded` value (RFC 7239 section 4),
/// each the first one in the list: elements are separated by `,`, pairs by `;`, and a value
/// is a token or a quoted string. Parameter names are case-insensitive.
struct ForwardedParameters {
    var `for`: String?
    var host: String?
    var proto: String?

    init() {}

    init(_ value: String) {
        var pair = ""
        var inQuotes = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
            } else if inQuotes, character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
            } else if !inQuotes, character == ";" || character == "," {
                take(pair)
                pair = ""
                continue
            }
            pair.append(character)
        }
        take(pair)
    }

    private mutating func take(_ pair: String) {
        guard let equals = pair.firstIndex(of: "=") else { return }
        let name = pair[..<equals].trimmingOWS().lowercased()
        let value = Self.unquoted(pair[pair.index(after: equals)...].trimmingOWS())
        switch name {
        case "for" where self.for == nil: self.for = value
        case "host" where host == nil: host = value
        case "proto" where proto == nil: proto = value
        default: break
        }
    }

    /// A quoted string (RFC 9110 section 5.6.4) without its quotes and escapes; a token as is.
    private static func unquoted(_ value: Substring) -> String {
        guard value.count >= 2, value.first == "\"", value.last == "\"" else { return String(value) }
        var result = ""
        var escaped = false
        for character in value.dropFirst().dropLast() {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }
}

extension Substring {
    /// Without the spaces and tabs (HTTP's optional whitespace) at either end.
    func trimmingOWS() -> Substring {
        let bytes = utf8
        let isOWS = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isOWS($0) }), let last = bytes.lastIndex(where: { !isOWS($0) }) else { return "" }
        return self[first...last]
    }
}
