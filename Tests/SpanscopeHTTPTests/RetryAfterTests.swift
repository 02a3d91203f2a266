import Foundation
import Testing

import SpanscopeHTTP

@Suite struct RetryAfterTests {
    private func response(_ retryAfter: String?) -> ClientResponse {
        var headers: HTTPHeaders = [:]
        if let retryAfter { headers.add("Retry-After", retryAfter) }
        return ClientResponse(status: .serviceUnavailable, headers: headers)
    }

    // 1994-11-06T08:49:37Z, RFC 9110's own example date.
    private let now = Date(timeIntervalSince1970: 784_111_777)

    @Test func delaySeconds() {
        #expect(response("120").retryAfter(now: now) == .seconds(120))
        #expect(response("0").retryAfter(now: now) == .zero)
        #expect(response(" 7 ").retryAfter(now: now) == .seconds(7))
        #expect(response("99999999999999999999999").retryAfter(now: now) == .seconds(Int.max))
    }

    @Test func httpDateCountsFromNow() {
        #expect(response("Sun, 06 Nov 1994 08:49:47 GMT").retryAfter(now: now) == .seconds(10))
        #expect(response("Sun, 06 Nov 1994 08:49:37 GMT").retryAfter(now: now) == .zero)
        #expect(response("Sat, 05 Nov 1994 08:49:37 GMT").retryAfter(now: now) == .zero, "a past date is no wait")
    }

    @Test func absentOrMalformedIsNil() {
        for value in [nil, "", "-5", "1.5", "soon", "Sun, 06 Nov 1994 08:49:47", "120s"] {
            #expect(response(value).retryAfter(now: now) == nil, "\(value ?? "absent")")
        }
    }
}
