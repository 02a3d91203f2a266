import Foundation
import Spanscope
import Testing

/// What a receiver answers to what is not an OTLP request, and that it goes on answering.
@Suite struct OTLPReceiverBadInputTests {
    private struct Status: Decodable, Equatable {
        var code: Int
        var message: String
    }

    /// One valid span in OTLP/JSON.
    private static let validRequest = Array(#"""
        {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736",
        "spanId":"00f067aa0ba902b7","name":"ok","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
        """#.utf8)

    /// Posts `body` to a fresh receiver, then a valid request to show the receiver still works.
    private func post(
        _ body: [UInt8], headers: HTTPHeaders, limits: OTLPReceiver.Limits = OTLPReceiver.Limits()
    ) async throws -> (response: ClientResponse, store: TraceStore) {
        let hub = try ReceiverHub.start(limits: limits)
        let client = HTTPClient()
        do {
            let response = try await client.post(hub.url, body: body, headers: headers)
            let next = try await client.post(hub.url, body: Self.validRequest, headers: ["Content-Type": "application/json"])
            #expect(next.status.code == 200)
            await client.shutdown()
            await hub.shutdown()
            #expect(hub.store.statistics().received.refusedRequests == 1)
            return (response, hub.store)
        } catch {
            await client.shutdown()
            await hub.shutdown()
            throw error
        }
    }

    @Test func anotherContentTypeIs415() async throws {
        let (response, store) = try await post(Self.validRequest, headers: ["Content-Type": "text/plain"])
        #expect(response.status.code == 415)
        #expect(response.text.contains("application/x-protobuf or application/json"))
        #expect(store.statistics().received.spans == 1)
    }

    @Test func anotherContentEncodingIs415WithAStatus() async throws {
        let (response, _) = try await post(
            Self.validRequest, headers: ["Content-Type": "application/json", "Content-Encoding": "br"]
        )
        #expect(response.status.code == 415)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try response.decode(Status.self).code == 12)
    }

    @Test func aBodyOverTheLimitIs413WithAStatus() async throws {
        var limits = OTLPReceiver.Limits()
        // The valid request that follows is exactly at the limit, and passes.
        limits.maxBodyBytes = Self.validRequest.count
        let (response, _) = try await post(
            Self.validRequest + [UInt8(ascii: " ")], headers: ["Content-Type": "application/json"], limits: limits
        )
        #expect(response.status.code == 413)
        #expect(
            try response.decode(Status.self) == Status(code: 8, message: "body exceeds \(Self.validRequest.count) bytes")
        )
    }

    @Test(arguments: [
        (#"{"resourceSpans": 5}"#, "resourceSpans: expected an array at byte 18"),
        (#"{"resourceSpans": [{"scopeSpans": [{"spans": [1]}]}]}"#, "spans[]: expected an object at byte 46"),
        (#"{"resourceSpans": [{"scopeSpans": [{"spans": [{"kind": "SPAN_KIND_SERVER"}]}]}]}"#, "expected an integer at byte 56"),
        (#"{"resourceSpans": []} trailing"#, "unexpected text after the JSON value at byte 22"),
        (#"[]"#, "request: expected an object at byte 0"),
        ("", "request: expected an object at byte 0"),
    ])
    func jsonThatIsNotARequestIs400WithAStatus(body: String, reason: String) async throws {
        let (response, store) = try await post(Array(body.utf8), headers: ["Content-Type": "application/json"])
        #expect(response.status.code == 400)
        let status = try response.decode(Status.self)
        #expect(status.code == 3)
        #expect(status.message == reason)
        #expect(store.statistics().received.requests == 1)
    }

    @Test func protobufThatIsNotARequestIs400WithAProtobufStatus() async throws {
        let (response, _) = try await post([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], headers: ["Content-Type": "application/x-protobuf"])
        #expect(response.status.code == 400)
        #expect(response.headers["Content-Type"] == "application/x-protobuf")
        // google.rpc.Status: field 1 (code) = 3, then field 2 (message).
        #expect(Array(response.body.prefix(3)) == [0x08, 0x03, 0x12])
    }

    @Test func aGzipBombStopsAtTheDecompressedLimitWith413() async throws {
        var limits = OTLPReceiver.Limits()
        limits.maxDecompressedBytes = 1 << 20
        let bomb = Gzip.compress(Array(repeating: UInt8(ascii: " "), count: 16 << 20))
        let (response, _) = try await post(
            bomb, headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"], limits: limits
        )
        #expect(bomb.count < limits.maxBodyBytes)
        #expect(response.status.code == 413)
        #expect(try response.decode(Status.self) == Status(code: 8, message: "decompressed body exceeds 1048576 bytes"))
    }

    @Test func brokenGzipIs400WithAStatus() async throws {
        let gzip = Gzip.compress(Self.validRequest)
        let (response, _) = try await post(
            Array(gzip.dropLast(4)), headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"]
        )
        #expect(response.status.code == 400)
        let status = try response.decode(Status.self)
        #expect(status.code == 3)
        #expect(status.message.contains("gzip"))
    }
}
