import Foundation
import SpanscopeHTTP

/// The body of an export request as the decoders need it: within the limits, inflated.
enum OTLPRequestBody {
    /// The request's body, inflated when `Content-Encoding` says gzip.
    ///
    /// - Throws: `OTLPRefusal`: 413 beyond a limit, 415 for an encoding other than gzip or identity.
    static func decompressed(_ request: Request, limits: OTLPReceiver.Limits) throws(OTLPRefusal) -> [UInt8] {
        guard request.body.count <= limits.maxBodyBytes else {
            throw OTLPRefusal(.contentTooLarge, .resourceExhausted, "body exceeds \(limits.maxBodyBytes) bytes")
        }
        let coding = (request.headers["Content-Encoding"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch coding {
        case "", "identity":
            return request.body
        default:
            throw OTLPRefusal(.unsupportedMediaType, .unimplemented, "Content-Encoding \(coding) is not supported; use gzip or none")
        }
    }
}
