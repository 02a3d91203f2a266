import Foundation
import Logging
import Spanscope

/// Orders, carts and checkout.
///
/// - `GET /orders?user=` answers a customer's recent orders, reading each order's lines
///   with a query of its own: the N+1 pattern.
/// - `GET /carts/{user}` answers a customer's cart.
/// - `POST /orders` with a `PlaceOrder` prices the product (products), records the
///   order, charges it (payments; a call that times out is retried once), and publishes
///   `order-placed` for notifications. A declined card is a 402.
struct OrdersService: ShopService {
    let environment: ServiceEnvironment
    private let database: SimulatedDatabase
    private let book = OrderBook()
    private let products: Peer
    private let payments: Peer
    private let queue: any OrderEventPublisher
    private let paymentTimeout: Duration

    init(
        environment: ServiceEnvironment,
        products: Peer,
        payments: Peer,
        queue: any OrderEventPublisher,
        paymentTimeout: Duration
    ) {
        self.environment = environment
        database = environment.database()
        self.products = products
        self.payments = payments
        self.queue = queue
        self.paymentTimeout = paymentTimeout
    }

    func routes(into router: inout Router) {
        router.get("/orders") { request, _ in
            guard let user = request.queryItems["user"].flatMap(Int.init) else {
                throw HTTPError(.badRequest, "user must be a number")
            }
            return try .json(try await history(of: user))
        }
        router.get("/carts/:user") { _, context in
            guard let user = context.parameters["user"].flatMap(Int.init) else {
                throw HTTPError(.badRequest, "user must be a number")
            }
            let cart = try await database.query(
                "SELECT product_id, quantity, price_cents FROM cart_items WHERE user_id = $1",
                operation: "SELECT",
                table: "cart_items",
                cost: .pointLookup
            ) { book.cart(of: user) }
            return try .json(cart)
        }
        router.post("/orders") { request, _ in
            try .json(try await place(try request.decode(PlaceOrder.self)), status: .created)
        }
    }

    /// One query for the orders, then one per order for its lines, as an ORM's lazy
    /// relation does it.
    private func history(of user: Int) async throws -> [Order] {
        var orders = try await database.query(
            "SELECT id, user_id, total_cents, status FROM orders WHERE user_id = $1 ORDER BY placed_at DESC LIMIT 10",
            operation: "SELECT",
            table: "orders",
            cost: .rangeScan
        ) { book.orderHeaders(of: user, limit: 10) }
        for index in orders.indices {
            let order = orders[index]
            orders[index].lines = try await database.query(
                "SELECT product_id, quantity, price_cents FROM order_items WHERE order_id = $1",
                operation: "SELECT",
                table: "order_items",
                cost: .pointLookup
            ) { book.lines(of: order.id, userID: user) }
        }
        return orders
    }

    private func place(_ request: PlaceOrder) async throws -> Order {
        guard (1...10).contains(request.quantity) else {
            throw HTTPError(.unprocessableContent, "quantity must be 1 to 10")
        }
        let product: Product
        do {
            product = try await products.get("/products/\(request.productId)")
        } catch {
            throw HTTPError.upstream(error)
        }
        let line = OrderLine(productId: product.id, quantity: request.quantity, priceCents: product.priceCents)
        var order = try await database.query(
            "INSERT INTO orders (user_id, total_cents, status) VALUES ($1, $2, 'pending') RETURNING id",
            operation: "INSERT",
            table: "orders",
            cost: .write
        ) { book.create(userID: request.userId, line: line) }
        do {
            _ = try await charge(order, paymentMethod: request.paymentMethod)
        } catch {
            try await record("payment_failed", of: order)
            throw HTTPError.upstream(error)
        }
        try await record("paid", of: order)
        order.status = "paid"
        await publishPlaced(order)
        return order
    }

    /// Charges the order; a first attempt that times out is retried once, with more time.
    private func charge(_ order: Order, paymentMethod: String) async throws -> Charge {
        let request = ChargeRequest(orderId: order.id, amountCents: order.totalCents, paymentMethod: paymentMethod)
        do {
            return try await payments.post("/charges", json: request, timeout: paymentTimeout)
        } catch HTTPClientError.deadlineExceeded {
            environment.logger.info("payment timed out, retrying", metadata: ["order_id": "\(order.id)"])
            return try await payments.post("/charges", json: request, timeout: paymentTimeout * 4)
        }
    }

    private func record(_ status: String, of order: Order) async throws {
        try await database.query(
            "UPDATE orders SET status = $1 WHERE id = $2",
            operation: "UPDATE",
            table: "orders",
            cost: .write
        ) { book.setStatus(status, of: order.id, userID: order.userId) }
    }

    /// Publishes in a PRODUCER span whose context the message carries. The order is paid
    /// whether or not the e-mail goes out, so a refused message is logged, not answered.
    private func publishPlaced(_ order: Order) async {
        let event = OrderPlaced(orderId: order.id, userId: order.userId, totalCents: order.totalCents)
        do {
            let body = Array(try JSONEncoder().encode(event))
            try await environment.tracer.withProducerSpan(
                system: OrderEventQueue.system,
                destination: OrderEventQueue.destination,
                operationName: "publish",
                messageID: "order-\(order.id)"
            ) { _, headers in
                try await queue.publish(OrderEventQueue.Message(headers: headers, body: body))
            }
        } catch {
            environment.logger.warning("order-placed not published", metadata: ["order_id": "\(order.id)", "error": "\(error)"])
        }
    }
}
