import Synchronization

/// The orders service's tables in memory: orders by customer and carts. Past orders
/// are seeded (five to eight per customer), so that the order history shows its N+1
/// from the first request. Safe from any thread.
final class OrderBook: Sendable {
    private struct Tables {
        var ordersByUser: [Int: [Order]] = [:]
        var nextOrderID = 1_000
    }

    private let tables: Mutex<Tables>

    init() {
        var tables = Tables()
        for customer in Customer.all {
            tables.ordersByUser[customer.id] = (0..<(5 + customer.id % 4)).map { index in
                let lines = (0...(index % 3)).map { line in
                    let product = Product.catalog[(customer.id * 11 + index * 3 + line * 7) % Product.catalog.count]
                    return OrderLine(productId: product.id, quantity: 1 + (index + line) % 2, priceCents: product.priceCents)
                }
                tables.nextOrderID += 1
                return Order(
                    id: tables.nextOrderID,
                    userId: customer.id,
                    lines: lines,
                    totalCents: lines.reduce(0) { $0 + $1.priceCents * $1.quantity },
                    status: "delivered"
                )
            }
        }
        self.tables = Mutex(tables)
    }

    /// The newest `limit` orders of a customer, without their lines (a separate table).
    func orderHeaders(of userID: Int, limit: Int) -> [Order] {
        tables.withLock { tables in
            (tables.ordersByUser[userID] ?? []).suffix(limit).reversed().map { order in
                var header = order
                header.lines = []
                return header
            }
        }
    }

    func lines(of orderID: Int, userID: Int) -> [OrderLine] {
        tables.withLock { $0.ordersByUser[userID]?.first { $0.id == orderID }?.lines ?? [] }
    }

    /// A new pending order of one line.
    func create(userID: Int, line: OrderLine) -> Order {
        tables.withLock { tables in
            tables.nextOrderID += 1
            let order = Order(
                id: tables.nextOrderID,
                userId: userID,
                lines: [line],
                totalCents: line.priceCents * line.quantity,
                status: "pending"
            )
            tables.ordersByUser[userID, default: []].append(order)
            return order
        }
    }

    func setStatus(_ status: String, of orderID: Int, userID: Int) {
        tables.withLock { tables in
            guard let index = tables.ordersByUser[userID]?.firstIndex(where: { $0.id == orderID }) else { return }
            tables.ordersByUser[userID]?[index].status = status
        }
    }

    /// A customer's cart: one to three products, fixed per customer.
    func cart(of userID: Int) -> [OrderLine] {
        (0...(userID % 3)).map { line in
            let product = Product.catalog[(userID * 5 + line * 13) % Product.catalog.count]
            return OrderLine(productId: product.id, quantity: 1, priceCents: product.priceCents)
        }
    }
}
