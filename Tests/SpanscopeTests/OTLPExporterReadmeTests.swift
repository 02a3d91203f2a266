import Foundation
import Testing

@Suite struct OTLPExporterReadmeTests {
    /// The README's export example is the code of OTLPExporterReadmeExample.swift, which this target compiles.
    @Test func readmeShowsTheCompiledExportExample() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let source = try String(contentsOf: here.appendingPathComponent("OTLPExporterReadmeExample.swift"), encoding: .utf8)
        let readme = try String(contentsOf: here.appendingPathComponent("../../README.md"), encoding: .utf8)
        let begin = try #require(source.range(of: "// README:EXPORT:BEGIN\n"))
        let end = try #require(source.range(of: "// README:EXPORT:END"))
        #expect(readme.contains("```swift\n" + String(source[begin.upperBound..<end.lowerBound]) + "```\n"))
    }
}
