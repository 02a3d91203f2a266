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
            guard request.body.count <= limits.maxDecompressedBytes else {
                throw OTLPRefusal(.contentTooLarge, .resourceExhausted, "body exceeds \(limits.maxDecompressedBytes) bytes")
            }
            return request.body
        // RFC 9110 asks recipients to take x-gzip as gzip.
        case "gzip", "x-gzip":
            do {
                return try Gzip.decompress(request.body, maxDecompressedBytes: limits.maxDecompressedBytes)
            } catch .tooLarge(let limit) {
                throw OTLPRefusal(.contentTooLarge, .resourceExhausted, "decompressed body exceeds \(limit) bytes")
            } catch {
                throw OTLPRefusal(.badRequest, .invalidArgument, error.description)
            }
        default:
            throw OTLPRefusal(.unsupportedMediaType, .unimplemented, "Content-Encoding \(coding) is not supported; use gzip or none")
        }
    }
}
