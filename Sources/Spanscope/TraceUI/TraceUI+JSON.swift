import Foundation

extension TraceUI {
    /// Headers of every API answer: traces are private data that no cache should keep,
    /// and a browser must never sniff a JSON answer into something it would run.
    static let apiHeaders: HTTPHeaders = [
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    ]

    /// An API answer with a JSON body. The values encoded here are the API's own
    /// documents, whose encoding cannot fail; should one ever fail, the answer is a 500.
    static func json(_ value: some Encodable, status: HTTPStatus = .ok) -> Response {
        guard let body = try? jsonBytes(value) else {
            return Response(status: .internalServerError, headers: apiHeaders, text: "internal server error\n")
        }
        return Response(status: status, headers: apiHeaders, bytes: body, contentType: "application/json")
    }

    /// JSON with keys in a stable (sorted) order, its strings escaped as the trace JSON's
    /// (`JSONWriter`), so that a document can be inlined in a `<script>` element and no
    /// sniffing finds markup in it.
    static func jsonBytes(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return JSONWriter.escapingForHTML(Array(try encoder.encode(value)))
    }
}

/// An optional written as `null` when absent, where a synthesized encoding would leave the
/// key out: every document of a kind has the same keys.
struct Nullable<Wrapped: Encodable>: Encodable {
    var value: Wrapped?

    init(_ value: Wrapped?) {
        self.value = value
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
