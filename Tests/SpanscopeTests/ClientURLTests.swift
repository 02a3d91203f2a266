import Testing
@testable import Spanscope

/// `url.full`, `server.address` and `server.port` as OpenTelemetry's HTTP client
/// conventions define them.
@Suite struct ClientURLTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var url: String
        var full: String
        var address: String?
        var port: Int?
        var testDescription: String { url }
    }

    @Test(arguments: [
        Case(url: "http://127.0.0.1:8080/orders/7", full: "http://127.0.0.1:8080/orders/7", address: "127.0.0.1", port: 8080),
        // Without a port in the URL, server.port is the scheme's default one.
        Case(url: "http://shop.example/orders", full: "http://shop.example/orders", address: "shop.example", port: 80),
        Case(url: "HTTPS://shop.example", full: "HTTPS://shop.example", address: "shop.example", port: 443),
        Case(url: "http://shop.example:/x", full: "http://shop.example:/x", address: "shop.example", port: 80),
        Case(url: "http://[::1]:8081/x", full: "http://[::1]:8081/x", address: "::1", port: 8081),
        Case(url: "http://[::1]/x", full: "http://[::1]/x", address: "::1", port: 80),
        // "url.full MUST NOT contain credentials ... SHOULD be https://REDACTED:REDACTED@www.example.com/".
        Case(url: "http://ada:secret@shop.example/x", full: "http://REDACTED:REDACTED@shop.example/x", address: "shop.example", port: 80),
        Case(url: "http://ada@shop.example:81", full: "http://REDACTED:REDACTED@shop.example:81", address: "shop.example", port: 81),
        Case(url: "http://a@b:c@shop.example/x", full: "http://REDACTED:REDACTED@shop.example/x", address: "shop.example", port: 80),
        // "Query string values for the following keys SHOULD be redacted by default and
        // replaced by the value REDACTED: AWSAccessKeyId, Signature, sig, X-Goog-Signature."
        Case(
            url: "http://s3.example/b?AWSAccessKeyId=AKIA&Signature=abc%2B&Expires=1&sig=x&X-Goog-Signature=y#top",
            full: "http://s3.example/b?AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1&sig=REDACTED&X-Goog-Signature=REDACTED#top",
            address: "s3.example", port: 80
        ),
        // Only those names, exactly; a parameter without a value has nothing to redact.
        Case(url: "http://h/p?signature=a&SIG=b&sig&page=2", full: "http://h/p?signature=a&SIG=b&sig&page=2", address: "h", port: 80),
        Case(url: "http://h:99999/x", full: "http://h:99999/x", address: "h", port: nil),
        Case(url: "http://h:8o/x", full: "http://h:8o/x", address: "h", port: nil),
        Case(url: "ftp://h/x", full: "ftp://h/x", address: "h", port: nil),
        Case(url: "/relative?sig=1", full: "/relative?sig=REDACTED", address: nil, port: nil),
        Case(url: "", full: "", address: nil, port: nil),
    ])
    func recordedParts(_ example: Case) {
        let url = ClientURL(example.url)
        #expect(url.full == example.full)
        #expect(url.serverAddress == example.address)
        #expect(url.serverPort == example.port)
    }
}
