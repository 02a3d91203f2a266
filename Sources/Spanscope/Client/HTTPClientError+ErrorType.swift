extension HTTPClientError {
    /// `error.type` for a request that got no response: the `HTTPClientError` case
    /// (`connectionRefused`, `deadlineExceeded`, ...), else the error's full type name.
    /// Both are of low cardinality, as the conventions ask; the message goes to the
    /// exception event.
    static func errorType(of error: any Error) -> String {
        guard let error = error as? HTTPClientError else { return String(reflecting: type(of: error)) }
        return switch error {
        case .invalidURL: "invalidURL"
        case .unsupportedMethod: "unsupportedMethod"
        case .invalidHeader: "invalidHeader"
        case .unresolvableHost: "unresolvableHost"
        case .connectionRefused: "connectionRefused"
        case .connectionFailed: "connectionFailed"
        case .connectTimeout: "connectTimeout"
        case .readTimeout: "readTimeout"
        case .deadlineExceeded: "deadlineExceeded"
        case .malformedResponse: "malformedResponse"
        case .connectionClosed: "connectionClosed"
        case .responseTooLarge: "responseTooLarge"
        case .shutDown: "shutDown"
        }
    }
}
