import Foundation

/// A request the trace API refuses, and the JSON answer that says why:
/// `{"error": {"message": ..., "parameter": ..., "position": ...}}`.
///
/// `parameter` names the query parameter (or path part, or header) at fault and
/// `position` the zero-based character offset of the problem inside its value;
/// both are null when they do not apply.
struct TraceAPIError: Error {
    var status: HTTPStatus
    var message: String
    var parameter: String?
    var position: Int?
    var headers: HTTPHeaders = [:]

    init(_ status: HTTPStatus, _ message: String, parameter: String? = nil, position: Int? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.parameter = parameter
        self.position = position
        self.headers = headers
    }

    /// A value that does not parse: 400 with the parser's message and position.
    init(_ error: FilterSyntaxError, parameter: String) {
        self.init(.badRequest, "\(error.syntax) syntax error: \(error.message)", parameter: parameter, position: error.position)
    }

    var response: Response {
        var response = TraceUI.json(Body(error: Detail(message: message, parameter: Nullable(parameter), position: Nullable(position))), status: status)
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }

    private struct Body: Encodable {
        var error: Detail
    }

    private struct Detail: Encodable {
        var message: String
        var parameter: Nullable<String>
        var position: Nullable<Int>
    }
}
