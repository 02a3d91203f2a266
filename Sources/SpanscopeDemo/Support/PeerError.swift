import Spanscope

/// A peer answered, but not with a success.
struct PeerError: Error, CustomStringConvertible {
    var peer: String
    var status: HTTPStatus
    /// The peer's own reason, as its body gave it.
    var message: String

    var description: String { "\(peer) answered \(status.code): \(message)" }
}

extension HTTPError {
    /// What a service answers its own caller when a call to a peer failed: the peer's
    /// 4xx as is (the caller's request was at fault), 503 when the peer failed or could
    /// not be reached. Other errors are rethrown unchanged.
    static func upstream(_ error: any Error) -> any Error {
        switch error {
        case let error as PeerError where error.status.isClientError:
            HTTPError(error.status, error.message)
        case let error as PeerError:
            HTTPError(.serviceUnavailable, "upstream \(error.peer) unavailable: \(error.message)")
        case let error as HTTPClientError:
            HTTPError(.serviceUnavailable, "upstream unreachable: \(error)")
        default:
            error
        }
    }
}
