import Foundation
import Spanscope

/// The demo's example service: a small shop with sync and async routes, JSON in and out,
/// a slow route and a failing one.
enum DemoShop {
    struct Product: Codable, Sendable {
        var id: Int
        var name: String
        var priceCents: Int
    }

    struct OrderRequest: Codable, Sendable {
        var productId: Int
        var quantity: Int
    }

    struct Order: Codable, Sendable {
        var id: Int
        var productId: Int
        var quantity: Int
        var totalCents: Int
    }

    static let products = [
        Product(id: 1, name: "Espresso cup", priceCents: 900),
        Product(id: 2, name: "Pour-over kettle", priceCents: 4_900),
        Product(id: 3, name: "Burr grinder", priceCents: 12_900),
    ]

    static func router() -> Router {
        var router = Router()
        router.get("/") { _, _ in
            Response(text: "Spanscope demo shop: try /api/products, /api/products/:id, POST /api/orders, /api/slow?ms=N\n")
        }
        router.get("/api/products") { _, _ in try .json(products) }
        router.get("/api/products/:id") { _, context in
            guard let id = context.parameters["id"].flatMap(Int.init), let product = products.first(where: { $0.id == id }) else {
                throw HTTPError(.notFound, "no such product")
            }
            return try .json(product)
        }
        router.post("/api/orders") { request, _ in
            let order = try request.decode(OrderRequest.self)
            guard order.quantity > 0 else { throw HTTPError(.unprocessableContent, "quantity must be positive") }
            guard let product = products.first(where: { $0.id == order.productId }) else {
                throw HTTPError(.notFound, "no such product")
            }
            // Stands in for a payment provider's round trip.
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...30)))
            if order.quantity > 10 { throw HTTPError(.paymentRequired, "payment declined") }
            return try .json(
                Order(id: Int.random(in: 1000...9999), productId: product.id, quantity: order.quantity, totalCents: product.priceCents * order.quantity),
                status: .created
            )
        }
        router.get("/api/slow") { request, _ in
            let milliseconds = request.queryItems["ms"].flatMap(Int.init) ?? 200
            try await Task.sleep(for: .milliseconds(min(max(milliseconds, 0), 10_000)))
            return Response(text: "slept \(milliseconds) ms\n")
        }
        return router
    }
}
