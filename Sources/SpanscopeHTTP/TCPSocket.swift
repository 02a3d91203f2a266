import CLibevent
import Foundation

/// Options that Spanscope sets on its TCP sockets.
enum TCPSocket {
    /// Sends each write at once. With Nagle's algorithm on, a request or response written
    /// in two parts (headers, then a body) waits for the peer's delayed ACK: 40 ms on Linux.
    static func disableNagle(_ socket: Int32) {
        guard socket >= 0 else { return }
        var on: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Why `address` cannot be bound exclusively (`SO_REUSEADDR` only, as a lone server
    /// would), or nil when it can; the probe socket is closed again at once.
    static func exclusiveBindFailure(_ address: addrinfo) -> String? {
        // Close-on-exec, as libevent makes the listener: a process spawned meanwhile by another
        // thread would otherwise keep the probe, bound to the port, for as long as it runs.
        let probe = socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
        guard probe >= 0 else { return String(cString: strerror(errno)) }
        defer { close(probe) }
        var on: Int32 = 1
        setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        return bind(probe, address.ai_addr, address.ai_addrlen) == 0 ? nil : String(cString: strerror(errno))
    }
}
