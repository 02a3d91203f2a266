#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which addresses and host names are this host's own loopback.
enum LoopbackAddress {
    /// 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6 (`::ffff:127.0.0.1`).
    static func contains(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let isLoopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1
        let isMappedLoopback = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
        return isLoopback || isMappedLoopback
    }

    /// A `Host` header value (`localhost:8080`, `[::1]:8080`, `127.0.0.1`) naming this host.
    static func isLoopbackHost(_ host: String) -> Bool {
        let name = hostPart(of: Substring(host)).lowercased()
        let bare = name.hasSuffix(".") ? String(name.dropLast()) : name
        return bare == "localhost" || bare.hasSuffix(".localhost") || contains(bare)
    }

    /// The client addresses a request says it was relayed for, outermost first:
    /// every `for=` of `Forwarded` (RFC 7239), every entry of `X-Forwarded-For`, and `X-Real-IP`.
    /// Ports and brackets are removed; obfuscated names (`_hidden`, `unknown`) stay as written.
    static func forwardedClients(in headers: HTTPHeaders) -> [String] {
        var clients: [String] = []
        for value in headers.values(for: "Forwarded") {
            for element in split(value, separators: [",", ";"]) {
                guard let equals = element.firstIndex(of: "=") else { continue }
                guard element[..<equals].trimmingSpaces().lowercased() == "for" else { continue }
                var node = element[element.index(after: equals)...].trimmingSpaces()
                if node.count >= 2, node.first == "\"", node.last == "\"" { node = node.dropFirst().dropLast() }
                clients.append(String(hostPart(of: node)))
            }
        }
        for value in headers.values(for: "X-Forwarded-For") + headers.values(for: "X-Real-IP") {
            for entry in value.split(separator: ",") {
                clients.append(String(hostPart(of: entry.trimmingSpaces())))
            }
        }
        return clients
    }

    /// `[::1]:80` → `::1`, `127.0.0.1:80` → `127.0.0.1`, `localhost:80` → `localhost`;
    /// a bare IPv6 address (more than one colon) is kept whole.
    private static func hostPart(of node: Substring) -> Substring {
        if node.first == "[" {
            let close = node.firstIndex(of: "]") ?? node.endIndex
            return node[node.index(after: node.startIndex)..<close]
        }
        let colons = node.count { $0 == ":" }
        if colons == 1, let colon = node.firstIndex(of: ":") { return node[..<colon] }
        return node
    }

    /// Splits at any of `separators` outside double quotes.
    private static func split(_ value: String, separators: Set<Character>) -> [Substring] {
        var parts: [Substring] = []
        var start = value.startIndex
        var quoted = false
        var index = value.startIndex
        while index < value.endIndex {
            let character = value[index]
            if character == "\"" {
                quoted.toggle()
            } else if character == "\\", quoted {
                index = value.index(after: index)
                if index == value.endIndex { break }
            } else if !quoted, separators.contains(character) {
                parts.append(value[start..<index])
                start = value.index(after: index)
            }
            index = value.index(after: index)
        }
        parts.append(value[start...])
        return parts
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
