import Spanscope

/// A service of the shop with its server listening.
struct RunningService: Sendable {
    let name: String
    let server: HTTPServer

    /// `http://host:port`, where its peers reach it.
    var baseURL: String { "http://\(server.configuration.host):\(server.port)" }
}
