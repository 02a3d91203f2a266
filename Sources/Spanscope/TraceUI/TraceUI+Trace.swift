import W3CTraceContext

extension TraceUI {
    /// `GET {prefix}/{traceId}`: the whole trace, encoded once into the answer's bytes.
    /// `format` picks the encoder (`json` with the analysis by default); `download=1`
    /// adds a `Content-Disposition` that saves it as a file.
    func trace(_ request: Request, id: String?) throws(TraceAPIError) -> Response {
        let traceID = try Self.traceID(id)
        var format = TraceFormat.json
        var download = false
        for item in request.queryItems {
            switch item.name {
            case "format":
                guard let parsed = TraceFormat(rawValue: item.value) else {
                    let names = TraceFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    throw TraceAPIError(.badRequest, "format must be one of \(names)", parameter: "format")
                }
                format = parsed
            case "download":
                guard let parsed = ["1": true, "true": true, "0": false, "false": false][item.value] else {
                    throw TraceAPIError(.badRequest, "download must be 1 or 0", parameter: "download")
                }
                download = parsed
            default:
                throw TraceAPIError(.badRequest, "unknown parameter '\(item.name)'; known: download, format", parameter: item.name)
            }
        }
        guard let trace = store.trace(id: traceID) else { throw Self.traceNotFound(traceID) }
        let encoder = format.encoder
        var headers = Self.apiHeaders
        headers.set("Content-Type", encoder.contentType)
        if download {
            headers.set("Content-Disposition", #"attachment; filename="\#(format.fileName(traceID: traceID.description))""#)
        }
        return Response(headers: headers, body: .bytes(encoder.encode(trace)))
    }

    /// `GET {prefix}/{traceId}/summary`: the trace's summary, with why it is kept (pinned or not).
    func summary(_ request: Request, id: String?) throws(TraceAPIError) -> Response {
        let traceID = try Self.traceID(id)
        try Self.refuseParameters(request)
        guard let summary = store.summary(id: traceID) else { throw Self.traceNotFound(traceID) }
        return Self.json(TraceSummaryJSON(summary))
    }

    /// Endpoints that take no parameters say so rather than ignore a misspelt filter.
    static func refuseParameters(_ request: Request) throws(TraceAPIError) {
        if let item = request.queryItems.items.first {
            throw TraceAPIError(.badRequest, "unknown parameter '\(item.name)': this endpoint takes none", parameter: item.name)
        }
    }
}
