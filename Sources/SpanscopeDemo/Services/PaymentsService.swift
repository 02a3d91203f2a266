import Spanscope
import Tracing

/// Charges cards through an external payment provider (simulated, as a CLIENT span).
///
/// `POST /charges` with a `ChargeRequest` answers 201 and a `Charge`, or 402 when the
/// provider declines the card. The provider stalls on a schedule (`providerStalls`):
/// the slow dependency of the shop, which makes orders time out and retry.
struct PaymentsService: ShopService {
    static let providerHost = "api.payments-provider.example"

    let environment: ServiceEnvironment
    private let database: SimulatedDatabase
    private let providerStalls: FaultSchedule
    private let stallDuration: Duration

    init(environment: ServiceEnvironment, providerStalls: FaultSchedule, stallDuration: Duration) {
        self.environment = environment
        database = environment.database()
        self.providerStalls = providerStalls
        self.stallDuration = stallDuration
    }

    func routes(into router: inout Router) {
        router.post("/charges") { request, _ in
            let charge = try request.decode(ChargeRequest.self)
            guard charge.amountCents > 0 else { throw HTTPError(.unprocessableContent, "amount must be positive") }
            guard try await authorizeWithProvider(charge) else {
                environment.logger.info("card declined", metadata: ["order_id": "\(charge.orderId)"])
                throw HTTPError(.paymentRequired, "card_declined")
            }
            let id = "ch_\(charge.orderId)_\(UInt32.random(in: .min ... .max))"
            try await database.query(
                "INSERT INTO charges (id, order_id, amount_cents) VALUES ($1, $2, $3)",
                operation: "INSERT",
                table: "charges",
                cost: .write
            ) {}
            return try .json(Charge(id: id, orderId: charge.orderId, amountCents: charge.amountCents), status: .created)
        }
    }

    /// The provider's `POST /v1/charges`: true when it approves the charge.
    private func authorizeWithProvider(_ charge: ChargeRequest) async throws -> Bool {
        try await environment.tracer.withSpan("POST", ofKind: .client) { span in
            span.setAttribute("http.request.method", .string("POST"))
            span.setAttribute("url.full", .string("https://\(Self.providerHost)/v1/charges"))
            span.setAttribute("server.address", .string(Self.providerHost))
            span.setAttribute("server.port", .int(443))
            if providerStalls.isDue() {
                try await Task.sleep(for: stallDuration)
            } else {
                try await Latency(milliseconds: 30...90).wait()
            }
            let approved = charge.paymentMethod != Customer.declinedCard
            span.setAttribute("http.response.status_code", .int(approved ? 200 : 402))
            if !approved {
                // A client span fails on any 4xx, as the HTTP conventions say.
                span.setAttribute("error.type", .string("402"))
                span.setStatus(SpanStatus(code: .error, message: "card_declined"))
            }
            return approved
        }
    }
}
