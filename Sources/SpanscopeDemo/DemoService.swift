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

    /// The services in waves, derived from `peers` so that the two cannot disagree: each
    /// service's peers are in earlier waves, so a wave can start at once as soon as the
    /// waves before it listen (a service learns its peers' addresses from them).
    ///
    /// ```swift
    /// for wave in DemoService.startWaves { print(wave.map(\.rawValue)) }
    /// ```
    public static let startWaves: [[DemoService]] = {
        var waves: [[DemoService]] = []
        var started = Set<DemoService>()
        var waiting = allCases
        while !waiting.isEmpty {
            let wave = waiting.filter { Set($0.peers).isSubset(of: started) }
            waves.append(wave)
            started.formUnion(wave)
            waiting.removeAll(where: wave.contains)
        }
        return waves
    }()

    /// Every service after the ones it calls: `startWaves` one after another.
    public static let startOrder: [DemoService] = startWaves.flatMap { $0 }
}
