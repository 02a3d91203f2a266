import Foundation
import PackagePlugin

/// Embeds the trace UI's `Public/` assets and `templates/` into the target it is applied to,
/// so that the UI works from any working directory and in a binary copied elsewhere.
///
/// The folders stay the only source of truth: the plugin lists their files on every build
/// and `SpanscopeEmbed` writes them into one generated Swift file, which is rebuilt when
/// any of them changes. A `README.md` documents its folder and is not embedded.
@main
struct EmbedUIFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let assets = try files(under: root.appending(path: "Public"))
        let templates = try files(under: root.appending(path: "templates")).filter { $0.url.pathExtension == "mustache" }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedUIFiles.swift")
        let arguments = [output.path(percentEncoded: false)]
            + assets.flatMap { ["--asset", $0.name, $0.url.path(percentEncoded: false)] }
            + templates.flatMap { ["--template", $0.name, $0.url.path(percentEncoded: false)] }
        return [
            .buildCommand(
                displayName: "Embedding \(assets.count) files of Public/ and \(templates.count) of templates/",
                executable: try context.tool(named: "SpanscopeEmbed").url,
                arguments: arguments,
                inputFiles: (assets + templates).map(\.url),
                outputFiles: [output]
            )
        ]
    }

    /// Every regular file below `folder` but READMEs, named by its path inside the folder, sorted.
    private func files(under folder: URL) throws -> [(name: String, url: URL)] {
        let base = folder.standardizedFileURL.path(percentEncoded: false)
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var found: [(name: String, url: URL)] = []
        for case let url as URL in enumerator where url.lastPathComponent != "README.md" {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path(percentEncoded: false)
            found.append((String(path.dropFirst(base.count).drop { $0 == "/" }), url))
        }
        return found.sorted { $0.name < $1.name }
    }
}
