/// What every page's chrome (`templates/layout.mustache`) shows: navigation and asset URLs.
struct SiteModel {
    enum Page {
        case list, routes, live, trace, error
    }

    let assets: String
    let list: String
    let routes: String
    let live: String
    let isList: Bool
    let isRoutes: Bool
    let isLive: Bool

    init(paths: PagePaths, page: Page) {
        assets = paths.assets
        list = paths.list
        routes = paths.routes
        live = paths.live
        isList = page == .list
        isRoutes = page == .routes
        isLive = page == .live
    }
}
