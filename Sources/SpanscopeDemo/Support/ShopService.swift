import Spanscope

/// A service of the shop: a name and the routes its server answers.
protocol ShopService: Sendable {
    var environment: ServiceEnvironment { get }
    func routes(into router: inout Router)
}
