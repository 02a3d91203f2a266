/// What to try against the shop's gateway: the requests that show each pattern, as
/// `curl` commands. The demo prints it at start, and the gateway answers it at `/`.
///
/// ```swift
/// print(ShopGuide(gatewayURL: "http://127.0.0.1:8080").text)
/// print(ShopGuide(gatewayURL: "http://127.0.0.1:8080", traceViewerURL: "http://127.0.0.1:4318").text)
/// ```
public struct ShopGuide: Sendable {
    public var gatewayURL: String
    /// Where `/debug/traces` and `/debug/waterfall` are: the gateway, or the hub the services export to.
    public var traceViewerURL: String

    public init(gatewayURL: String, traceViewerURL: String? = nil) {
        self.gatewayURL = gatewayURL
        self.traceViewerURL = traceViewerURL ?? gatewayURL
    }

    /// One line per request: what it shows, then the command.
    public var text: String {
        let ada = "-H 'Authorization: Bearer demo-ada'"
        let mallory = "-H 'Authorization: Bearer demo-mallory'"
        let order = #"-H 'Content-Type: application/json' -d '{"productId": 3, "quantity": 1}'"#
        return """
            Try (every answer carries `traceresponse: 00-<trace-id>-<span-id>-01`; curl -i shows it):
              a product, from the cache or the database:
                curl -i \(gatewayURL)/api/products/3
              the storefront, three services called in parallel:
                curl \(ada) \(gatewayURL)/api/home
              order history, one query per order (N+1):
                curl \(ada) \(gatewayURL)/api/orders
              a checkout across six services, the e-mail sent through the queue:
                curl \(ada) \(order) \(gatewayURL)/api/checkout
              a declined card (402):
                curl -i \(mallory) \(order) \(gatewayURL)/api/checkout
              e-mails sent so far:
                curl \(ada) \(gatewayURL)/api/notifications
              the trace UI: find the slow or failing request, see where its time went:
                open \(traceViewerURL)/debug/traces
                curl '\(traceViewerURL)/debug/traces?status=error&limit=5'
              the latest traces, the slowest, the failed ones, as text waterfalls:
                curl \(traceViewerURL)/debug/waterfall
                curl '\(traceViewerURL)/debug/waterfall?sort=slowest&limit=1'
                curl '\(traceViewerURL)/debug/waterfall?status=error&limit=1'

            """
    }
}
