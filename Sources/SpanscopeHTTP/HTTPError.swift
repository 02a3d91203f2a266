/// An error that carries the response it should become.
///
/// Throw it from a handler or middleware: the client sees its status and message, as
/// plain text. Any other error becomes a 500 whose body says nothing of its cause.
///
/// ```swift
/// guard let id = context.parameters["id"].flatMap(Int.init) else {
///     throw HTTPError(.badRequest, "id must be a number")
/// }
/// ```
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPStatus
    public var message: String
    public var headers: HTTPHeaders

    public init(_ status: HTTPStatus, _ message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message ?? status.reason
        self.headers = headers
    }

    public var description: String { "\(status.code) \(message)" }

    /// The response a client receives for this error.
    public var response: Response {
        var response = Response(status: status, text: message + "\n")
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }
}
