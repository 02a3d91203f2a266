import Spanscope
import Tracing

/// The catalog, read through a cache.
///
/// - `GET /products?q=` searches names (a scan of the table).
/// - `GET /products/{id}` answers one `Product`: a cache hit, or a miss and a query.
/// - `GET /recommendations?user=` ranks products for a customer (the slow part of the
///   storefront) and reads them through the cache, the misses in one query.
struct ProductsService: ShopService {
    let environment: ServiceEnvironment
    private let database: SimulatedDatabase
    private let cache: ProductCache

    init(environment: ServiceEnvironment, cacheTimeToLive: Duration) {
        self.environment = environment
        database = environment.database()
        cache = ProductCache(timeToLive: cacheTimeToLive)
    }

    func routes(into router: inout Router) {
        router.get("/products") { request, _ in
            let term = (request.queryItems["q"] ?? "").lowercased()
            let found = try await database.query(
                "SELECT id, name, category, price_cents FROM products WHERE name ILIKE '%' || $1 || '%' LIMIT 20",
                operation: "SELECT",
                table: "products",
                cost: .rangeScan
            ) { Product.catalog.filter { term.isEmpty || $0.name.lowercased().contains(term) }.prefix(20) }
            return try .json(Array(found))
        }
        router.get("/products/:id") { _, context in
            guard let id = context.parameters["id"].flatMap(Int.init) else {
                throw HTTPError(.badRequest, "product id must be a number")
            }
            guard let product = try await products(ids: [id]).first else {
                throw HTTPError(.notFound, "no product \(id)")
            }
            return try .json(product)
        }
        router.get("/recommendations") { request, _ in
            guard let user = request.queryItems["user"].flatMap(Int.init) else {
                throw HTTPError(.badRequest, "user must be a number")
            }
            let ranked = try await environment.tracer.withSpan("rank recommendations") { span in
                span.setAttribute("recommendation.model", .string("co-purchase-v3"))
                try await Latency(milliseconds: 40...120).wait()
                return Self.recommendedIDs(for: user)
            }
            return try .json(try await products(ids: ranked))
        }
    }

    /// Products in the order of `ids` (unknown ids left out): each looked up in the
    /// cache, the misses read in one query and cached.
    private func products(ids: [Int]) async throws -> [Product] {
        var found: [Int: Product] = [:]
        for id in ids {
            found[id] = lookUp(id)
        }
        let misses = ids.filter { found[$0] == nil }
        if !misses.isEmpty {
            let statement = misses.count == 1
                ? "SELECT id, name, category, price_cents FROM products WHERE id = $1"
                : "SELECT id, name, category, price_cents FROM products WHERE id = ANY($1)"
            let rows = try await database.query(statement, operation: "SELECT", table: "products", cost: .pointLookup) {
                misses.compactMap(Product.find(id:))
            }
            for product in rows {
                cache.store(product)
                found[product.id] = product
            }
        }
        return ids.compactMap { found[$0] }
    }

    private func lookUp(_ id: Int) -> Product? {
        environment.tracer.withSpan("cache lookup") { span in
            let product = cache.product(id: id)
            span.setAttribute("cache.name", .string("products"))
            span.setAttribute("cache.key", .string("product:\(id)"))
            span.setAttribute("cache.hit", .bool(product != nil))
            return product
        }
    }

    /// Four products a customer might like: fixed per customer, so that the same
    /// storefront hits the cache the second time.
    static func recommendedIDs(for user: Int) -> [Int] {
        (0..<4).map { (user * 7 + $0 * 5) % Product.catalog.count + 1 }
    }
}
