/// Where the trace UI's pages, assets and JSON API live under a mount prefix.
///
/// The JSON API owns the prefix itself (`/debug/traces`, `/debug/traces/{traceId}`, ...);
/// the pages sit under `{prefix}/ui`, where no trace-id can collide with them.
struct PagePaths: Sendable {
    /// The JSON API's base, `/debug/traces`.
    let api: String
    let list: String
    let routes: String
    let live: String
    /// A trace page is this followed by the trace-id.
    let traceBase: String
    /// Asset URLs carry the build's asset version, so they may be cached forever.
    let assets: String
    /// The route template of the assets: the version, then the file's path.
    let assetTemplate: String

    /// - Parameter prefix: as `TraceUI.normalized` writes it: `/debug/traces`, or empty for the root.
    init(prefix: String) {
        api = prefix
        list = prefix + "/ui"
        routes = prefix + "/ui/routes"
        live = prefix + "/ui/live"
        traceBase = prefix + "/ui/trace/"
        assets = prefix + "/ui/assets/" + EmbeddedUIFiles.assetsVersion
        assetTemplate = prefix + "/ui/assets/:version/*"
    }

    func trace(_ traceID: String) -> String {
        traceBase + traceID
    }
}
