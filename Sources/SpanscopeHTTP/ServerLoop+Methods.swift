import CLibevent

/// libevent 2.1 parses only the nine methods it knows and forgets the token of any other
/// before our callback runs. To let unknown methods reach the router, each connection's
/// input buffer is watched: when bytes arrive into an empty buffer they start a request
/// line, and a token libevent will not know is remembered until the request is handled.
extension ServerLoop {
    func makeBufferEvent(base: OpaquePointer) -> OpaquePointer? {
        guard let bufferEvent = bufferevent_socket_new(base, -1, Int32(BEV_OPT_CLOSE_ON_FREE.rawValue)) else { return nil }
        evbuffer_add_cb(bufferevent_get_input(bufferEvent), { buffer, info, arg in
            guard let buffer, let info, info.pointee.orig_size == 0, info.pointee.n_added > 0 else { return }
            Unmanaged<ServerLoop>.fromOpaque(arg!).takeUnretainedValue().noteRequestLine(in: buffer)
        }, Unmanaged.passUnretained(self).toOpaque())
        return bufferEvent
    }

    private func noteRequestLine(in buffer: OpaquePointer) {
        var head = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let token: String? = withUnsafeMutableBytes(of: &head) { bytes in
            let copied = evbuffer_copyout(buffer, bytes.baseAddress, bytes.count)
            guard copied > 0 else { return nil }
            let line = UnsafeRawBufferPointer(rebasing: bytes[..<copied])
            guard let space = line.firstIndex(of: UInt8(ascii: " ")), space > 0 else { return nil }
            let method = UnsafeRawBufferPointer(rebasing: line[..<space])
            // The common case costs a few byte comparisons and no allocation.
            if Self.libeventMethods.contains(where: { $0.elementsEqual(method) }) { return nil }
            guard method.allSatisfy(Self.isTokenCharacter) else { return nil }
            return String(decoding: method, as: UTF8.self)
        }
        guard let token else { return }
        // Entries of connections that closed before their request was handled are rare
        // (an unknown method followed by a hang-up); a bound keeps them from piling up.
        if unknownMethods.count > 1024 { unknownMethods.removeAll() }
        unknownMethods[UnsafeMutableRawPointer(buffer)] = token
    }

    /// The method token of a request libevent typed as unknown.
    func takeUnknownMethod(_ request: UnsafeMutablePointer<evhttp_request>) -> String? {
        guard let connection = evhttp_request_get_connection(request),
              let bufferEvent = evhttp_connection_get_bufferevent(connection),
              let input = bufferevent_get_input(bufferEvent) else { return nil }
        return unknownMethods.removeValue(forKey: UnsafeMutableRawPointer(input))
    }

    private static let libeventMethods: [[UInt8]] = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH"].map { Array($0.utf8) }

    private static func isTokenCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(c)
        }
    }
}
