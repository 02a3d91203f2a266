import CLibevent
import Foundation

extension ServerLoop {
    /// Binds a listener with SO_REUSEPORT, so that every loop of a server can bind the same port.
    ///
    /// SO_REUSEPORT would just as gladly share a port with another process of the same user,
    /// which would then get half of this server's connections; so a given port is first
    /// bound once without it, which fails while anyone listens there (unless `joining` the
    /// listeners of this server's earlier loops).
    /// Accepted sockets inherit the listener's TCP_NODELAY.
    static func listen(base: OpaquePointer, host: String, port: Int, joining: Bool) throws -> OpaquePointer {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw HTTPServerError.bindFailed(host: host, port: port, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(result) }
        let flags = UInt32(LEV_OPT_REUSEABLE | LEV_OPT_REUSEABLE_PORT | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC)
        var reason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            if port != 0, !joining, let inUse = TCPSocket.exclusiveBindFailure(info.pointee) {
                reason = inUse
            } else if let listener = evconnlistener_new_bind(base, nil, nil, flags, -1, info.pointee.ai_addr, Int32(info.pointee.ai_addrlen)) {
                TCPSocket.disableNagle(evconnlistener_get_fd(listener))
                return listener
            } else {
                reason = String(cString: strerror(errno))
            }
            candidate = info.pointee.ai_next
        }
        throw HTTPServerError.bindFailed(host: host, port: port, reason: reason)
    }

    static func localPort(of socket: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(socket, $0, &length) }
        }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) } }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) } }
        default:
            return 0
        }
    }
}
