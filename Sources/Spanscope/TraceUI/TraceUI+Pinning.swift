import Foundation

extension TraceUI {
    /// `POST {prefix}/{traceId}/pin`: keeps a trace until unpinned.
    func pin(_ request: Request, id: String?) throws(TraceAPIError) -> Response {
        try Self.refuseCrossSite(request)
        let traceID = try Self.traceID(id)
        try Self.refuseParameters(request)
        switch store.pin(traceID) {
        case .pinned:
            return Self.json(PinJSON(traceId: traceID.description, pinned: true, result: "pinned"))
        case .alreadyPinned:
            return Self.json(PinJSON(traceId: traceID.description, pinned: true, result: "alreadyPinned"))
        case .notFound:
            throw Self.traceNotFound(traceID)
        case .limitReached:
            throw TraceAPIError(
                .conflict, "at most \(store.configuration.maxPinnedTraces) traces may be pinned: unpin one first",
                parameter: "traceId"
            )
        }
    }

    /// `POST {prefix}/{traceId}/unpin`: releases a pin; the trace stays while another reason holds it.
    func unpin(_ request: Request, id: String?) throws(TraceAPIError) -> Response {
        try Self.refuseCrossSite(request)
        let traceID = try Self.traceID(id)
        try Self.refuseParameters(request)
        if store.unpin(traceID) {
            return Self.json(PinJSON(traceId: traceID.description, pinned: false, result: "unpinned"))
        }
        guard store.summary(id: traceID) != nil else { throw Self.traceNotFound(traceID) }
        return Self.json(PinJSON(traceId: traceID.description, pinned: false, result: "notPinned"))
    }

    /// A state change must come from the UI itself or a script, never from another site's page.
    ///
    /// A browser sends another site's `fetch` with `Content-Type: application/json` only after
    /// a CORS preflight, which this API never grants, and an HTML form cannot send that type
    /// at all; `Sec-Fetch-Site` and `Origin`, when a browser sends them, must also say the
    /// request comes from this origin. Tools such as curl send neither and only need the type.
    static func refuseCrossSite(_ request: Request) throws(TraceAPIError) {
        if let site = request.headers["Sec-Fetch-Site"]?.lowercased(), site != "same-origin", site != "none" {
            throw TraceAPIError(.forbidden, "refused a \(site) request: pin and unpin only from this origin", parameter: "Sec-Fetch-Site")
        }
        if let origin = request.headers["Origin"], !isOwnOrigin(origin, host: request.headers["Host"]) {
            throw TraceAPIError(.forbidden, "refused a request from origin \(origin): pin and unpin only from this origin", parameter: "Origin")
        }
        guard request.headers["Content-Type"].map(mediaType(ofContentType:)) == "application/json" else {
            throw TraceAPIError(
                .unsupportedMediaType, "send pin and unpin with Content-Type: application/json", parameter: "Content-Type"
            )
        }
    }

    /// `http://localhost:8080` is the own origin of a request with `Host: localhost:8080`.
    private static func isOwnOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let separator = origin.range(of: "://") else { return false }
        let scheme = origin[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return false }
        return origin[separator.upperBound...].lowercased() == host.lowercased()
    }
}

/// The answer of pin and unpin (`docs/trace-api.md`, "Pin and unpin").
private struct PinJSON: Encodable {
    var traceId: String
    var pinned: Bool
    /// `pinned`, `alreadyPinned`, `unpinned` or `notPinned`.
    var result: String
}
