import Foundation

/// A loopback port bound without `SO_REUSEADDR` and not listening: connections to it are
/// refused, and no server of a test running in parallel can take it until `release()`,
/// unlike a port that was merely free a moment ago.
public final class PortReservation: @unchecked Sendable {
    public let port: Int
    private var socketDescriptor: Int32

    public init() throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let descriptor = socketDescriptor
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, bound else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Frees the port, for a server that a test starts there later.
    public func release() {
        guard socketDescriptor >= 0 else { return }
        close(socketDescriptor)
        socketDescriptor = -1
    }

    deinit { release() }
}
