/// A service of the demo shop, by the name its spans carry (`service.name`).
///
/// ```swift
/// for service in DemoService.startOrder {
///     print(service.rawValue, "calls", service.peers.map(\.rawValue))
/// }
/// ```
public enum DemoService: String, CaseIterable, Sendable, Hashable {
    case gateway
    case auth
    case users
    case products
    case orders
    case payments
    case notifications

    /// The services this one calls (orders also publishes to notifications' queue).
    public var peers: [DemoService] {
        switch self {
        case .gateway: [.auth, .users, .orders, .products, .notifications]
        case .orders: [.products, .payments, .notifications]
        case .notifications: [.users]
        case .auth, .users, .products, .payments: []
        }
    }

    /// Every service after the ones it calls: a service learns its peers' addresses
    /// from peers already listening.
    public static let startOrder: [DemoService] = [.users, .products, .payments, .auth, .notifications, .orders, .gateway]
}
