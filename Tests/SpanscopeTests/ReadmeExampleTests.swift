import Foundation
import Testing
@testable import Spanscope

@Suite struct ReadmeExampleTests {
    /// The README shows the code of ReadmeExample.swift, which this target compiles.
    @Test func readmeShowsTheCompiledExample() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let source = try String(contentsOf: here.appendingPathComponent("ReadmeExample.swift"), encoding: .utf8)
        let readme = try String(contentsOf: here.appendingPathComponent("../../README.md"), encoding: .utf8)
        let begin = try #require(source.range(of: "// README:BEGIN\n"))
        let end = try #require(source.range(of: "// README:END"))
        let example = String(source[begin.upperBound..<end.lowerBound])
        #expect(readme.contains("import Spanscope\n\n" + example))
    }

    @Test func exampleServerAnswers() async throws {
        let server = makeServer(port: 0)
        try server.start()
        let client = HTTPClient()
        let response = try await client.get("http://127.0.0.1:\(server.port)/hello/ada")
        #expect(response.status.code == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"message":"hello, ada"}"#)
        await client.shutdown()
        await server.shutdown()
    }
}
