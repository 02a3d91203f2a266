import Foundation
import Spanscope

/// Another service of the shop, called over HTTP with JSON through the caller's
/// instrumented client, so that every call is a CLIENT span of the caller and the
/// callee's server span continues the trace.
///
/// ```swift
/// let users = environment.peer("users", at: usersURL)
/// let customer: Customer = try await users.get("/users/3")
/// ```
struct Peer: Sendable {
    let name: String
    let baseURL: String
    let client: TracingHTTPClient

    /// GETs `path` and decodes the JSON answer; throws `PeerError` for any status but 2xx.
    func get<Answer: Decodable>(_ path: String, headers: HTTPHeaders = [:]) async throws -> Answer {
        try await send(ClientRequest(method: .get, url: baseURL + path, headers: headers))
    }

    /// POSTs `body` as JSON and decodes the JSON answer; throws `PeerError` for any status but 2xx.
    /// `timeout` bounds the whole call; it then throws `HTTPClientError.deadlineExceeded`.
    func post<Answer: Decodable>(
        _ path: String,
        json body: some Encodable,
        headers: HTTPHeaders = [:],
        timeout: Duration? = nil
    ) async throws -> Answer {
        var headers = headers
        headers.set("Content-Type", "application/json")
        let request = ClientRequest(
            method: .post,
            url: baseURL + path,
            headers: headers,
            body: Array(try JSONEncoder().encode(body)),
            timeout: timeout
        )
        return try await send(request)
    }

    private func send<Answer: Decodable>(_ request: ClientRequest) async throws -> Answer {
        let response = try await client.execute(request)
        guard (200..<300).contains(response.status.code) else {
            throw PeerError(peer: name, status: response.status, message: response.text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        do {
            return try response.decode(Answer.self)
        } catch {
            throw PeerError(peer: name, status: .badGateway, message: "invalid JSON from \(name)")
        }
    }
}
