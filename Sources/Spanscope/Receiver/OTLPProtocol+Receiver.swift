import SpanscopeHTTP
import SpanscopeOTLP
import SpanscopeTracing

/// The receiving side of OTLP/HTTP's two encodings: a request is read, and answered, in the one it came in.
extension OTLPProtocol {
    /// The encoding a `Content-Type` names (parameters and case aside); nil for any other type.
    init?(contentType: String?) {
        guard let contentType else { return nil }
        switch mediaType(ofContentType: contentType) {
        case Self.httpProtobuf.contentType: self = .httpProtobuf
        case Self.httpJSON.contentType: self = .httpJSON
        default: return nil
        }
    }

    func decodeRequest(_ body: [UInt8]) throws(OTLPRefusal) -> OTLPDecodedSpans {
        do {
            return switch self {
            case .httpProtobuf: try OTLPProtobufDecoder().decodeRequest(body)
            case .httpJSON: try OTLPJSONDecoder().decodeRequest(body)
            }
        } catch {
            // Both decoders' errors describe themselves; the text is the Status's message.
            throw OTLPRefusal(.badRequest, .invalidArgument, "\(error)")
        }
    }

    func successResponse(_ decoded: OTLPDecodedSpans) -> Response {
        let answer = OTLPExportResponse(
            rejectedSpans: Int64(decoded.rejectedSpanCount), errorMessage: decoded.rejectionMessage
        )
        return response(.ok, answer.protobufBytes, answer.jsonBytes)
    }

    func refusalResponse(_ refusal: OTLPRefusal) -> Response {
        let status = RPCStatus(code: refusal.code, message: refusal.message)
        return response(refusal.status, status.protobufBytes, status.jsonBytes)
    }

    private func response(_ status: HTTPStatus, _ protobuf: () -> [UInt8], _ json: () -> [UInt8]) -> Response {
        switch self {
        case .httpProtobuf: Response(status: status, bytes: protobuf(), contentType: contentType)
        case .httpJSON: Response(status: status, bytes: json(), contentType: contentType)
        }
    }
}

/// Why a request was refused whole: the HTTP status, and the `google.rpc.Status` that says why.
struct OTLPRefusal: Error {
    var status: HTTPStatus
    var code: RPCStatus.Code
    var message: String

    init(_ status: HTTPStatus, _ code: RPCStatus.Code, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }
}
