import Testing

@testable import Spanscope

/// RFC 7239 `Forwarded` parsing and the node and host forms behind `client.address`,
/// `server.address` and `server.port`, case by case.
@Suite struct RequestOriginTests {
    @Test func forwardedTakesTheFirstOfEachParameterAndUnquotes() {
        let parameters = ForwardedParameters(#"by=203.0.113.43;For="[2001:db8:cafe::17]:4711", for=192.0.2.43;HOST="shop.example:8443";proto=https"#)
        #expect(parameters.for == "[2001:db8:cafe::17]:4711")
        #expect(parameters.host == "shop.example:8443")
        #expect(parameters.proto == "https")
    }

    @Test func separatorsAndEscapesInsideQuotesAreValueText() {
        let parameters = ForwardedParameters(#"for="_gazonk,1;x";host="a\"b", for=192.0.2.1"#)
        #expect(parameters.for == "_gazonk,1;x")
        #expect(parameters.host == #"a"b"#)
        #expect(ForwardedParameters("proto").proto == nil)
        #expect(ForwardedParameters("").for == nil)
    }

    @Test(arguments: [
        ("192.0.2.43", "192.0.2.43"),
        ("192.0.2.43:47011", "192.0.2.43"),
        ("[2001:db8:cafe::17]", "2001:db8:cafe::17"),
        ("[2001:db8:cafe::17]:4711", "2001:db8:cafe::17"),
        ("2001:db8:cafe::17", "2001:db8:cafe::17"),
        (" 203.0.113.195 ", "203.0.113.195"),
        ("_hidden", "_hidden"),
        ("_hidden:_port", "_hidden"),
    ])
    func nodeIsItsAddress(node: String, address: String) {
        #expect(RequestOrigin.nodeAddress(Substring(node)) == address)
    }

    @Test(arguments: ["unknown", "UNKNOWN", "", "[2001:db8::1", "[]:80"])
    func nodeWithoutAnAddress(node: String) {
        #expect(RequestOrigin.nodeAddress(Substring(node)) == nil)
    }

    @Test func hostAndPortOfAnAuthority() {
        #expect(RequestOrigin.hostAndPort("shop.example")! == ("shop.example", nil))
        #expect(RequestOrigin.hostAndPort("shop.example:8080")! == ("shop.example", 8080))
        #expect(RequestOrigin.hostAndPort("[::1]:9000")! == ("::1", 9000))
        #expect(RequestOrigin.hostAndPort("[::1]")! == ("::1", nil))
        #expect(RequestOrigin.hostAndPort("shop.example:http")! == ("shop.example", nil))
        #expect(RequestOrigin.hostAndPort("") == nil)
        #expect(RequestOrigin.hostAndPort(":80") == nil)
        #expect(RequestOrigin.hostAndPort("[::1") == nil)
    }
}
