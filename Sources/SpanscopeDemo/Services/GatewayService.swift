import Foundation
import Spanscope

/// The shop's front door, on the demo's `--port`: the API shoppers (and the traffic
/// generator) call, each route fanning out to the services behind it.
///
/// - `GET /api/products?q=`, `GET /api/products/{id}`: the catalog (products).
/// - `GET /api/home`: the storefront: auth, then customer, cart and recommendations at
///   once (users, orders, products in parallel).
/// - `GET /api/orders`: order history (auth, then orders, whose N+1 is in its trace).
/// - `POST /api/checkout` `{"productId": 3, "quantity": 1}`: auth, users, orders in
///   sequence; orders prices, charges (retrying a timeout) and publishes.
/// - `GET /api/notifications`: e-mails sent to the customer (auth, notifications).
/// - `GET /debug/traces`: the trace UI and its JSON API, over the whole shop's store,
///   and `GET /debug/waterfall`: the latest traces as text (`TraceDigest`); both only
///   when the traces are viewed on the gateway (`TraceViewer`).
///
/// Signed-in routes take `Authorization: Bearer demo-<handle>` (e.g. `demo-ada`).
struct GatewayService: ShopService {
    let environment: ServiceEnvironment
    let auth: Peer
    let users: Peer
    let orders: Peer
    let products: Peer
    let notifications: Peer
    let traceViewer: TraceViewer

    func routes(into router: inout Router) {
        traceViewer.register(on: &router)
        router.get("/") { request, context in
            let host = request.headers["Host"] ?? "\(context.serverHost):\(context.serverPort)"
            let gatewayURL = "http://\(host)"
            return Response(text: ShopGuide(gatewayURL: gatewayURL, traceViewerURL: traceViewer.url(gatewayURL: gatewayURL)).text)
        }
        router.get("/api/products") { request, _ in
            let term = request.queryItems["q"] ?? ""
            let query = term.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let found: [Product] = try await upstream { try await products.get("/products?q=\(query)") }
            return try .json(found)
        }
        router.get("/api/products/:id") { _, context in
            guard let id = context.parameters["id"].flatMap(Int.init) else {
                throw HTTPError(.badRequest, "product id must be a number")
            }
            let product: Product = try await upstream { try await products.get("/products/\(id)") }
            return try .json(product)
        }
        router.get("/api/home") { request, _ in
            let session = try await authenticate(request)
            return try .json(try await upstream { try await homePage(for: session.userId) })
        }
        router.get("/api/orders") { request, _ in
            let session = try await authenticate(request)
            let history: [Order] = try await upstream { try await orders.get("/orders?user=\(session.userId)") }
            return try .json(history)
        }
        router.post("/api/checkout") { request, _ in
            let checkout = try request.decode(Checkout.self)
            let session = try await authenticate(request)
            let order = try await upstream { try await place(checkout, for: session.userId) }
            return try .json(order, status: .created)
        }
        router.get("/api/notifications") { request, _ in
            let session = try await authenticate(request)
            let sent: [SentNotification] = try await upstream {
                try await notifications.get("/notifications?user=\(session.userId)")
            }
            return try .json(sent)
        }
    }

    /// Customer, cart and recommendations at once: the page waits for the slowest.
    private func homePage(for userID: Int) async throws -> HomePage {
        async let customer: Customer = users.get("/users/\(userID)")
        async let cart: [OrderLine] = orders.get("/carts/\(userID)")
        async let recommendations: [Product] = products.get("/recommendations?user=\(userID)")
        return HomePage(customer: try await customer, cart: try await cart, recommendations: try await recommendations)
    }

    /// The customer's card, then the order: each call needs the one before.
    private func place(_ checkout: Checkout, for userID: Int) async throws -> Order {
        let customer: Customer = try await users.get("/users/\(userID)")
        let order = PlaceOrder(
            userId: userID,
            productId: checkout.productId,
            quantity: checkout.quantity,
            paymentMethod: customer.paymentMethod
        )
        return try await orders.post("/orders", json: order)
    }

    private func authenticate(_ request: Request) async throws -> Session {
        var headers = HTTPHeaders()
        if let authorization = request.headers["Authorization"] { headers.add("Authorization", authorization) }
        return try await upstream { try await auth.get("/sessions/current", headers: headers) }
    }

    private func upstream<Answer>(_ call: () async throws -> Answer) async throws -> Answer {
        do {
            return try await call()
        } catch {
            throw HTTPError.upstream(error)
        }
    }
}
