import Foundation
import Spanscope

/// notifications' `order-placed` queue seen from another process: each message is
/// posted, headers and body as JSON, to the queue's endpoint on notifications' server
/// (`OrderEventQueue.register(on:)`), which answers 202 once it holds the message.
///
/// The post goes through a client without a tracer: it is the broker's transport, as a
/// broker's own client library is, so the trace crosses in the message's headers and the
/// consumer's span is a child of the producer's, as with the queue in process.
///
/// ```swift
/// let queue = RemoteOrderEventQueue(baseURL: "http://127.0.0.1:41873", client: HTTPClient())
/// try await queue.publish(OrderEventQueue.Message(headers: headers, body: body))
/// ```
struct RemoteOrderEventQueue: OrderEventPublisher {
    let baseURL: String
    let client: HTTPClient

    func publish(_ message: OrderEventQueue.Message) async throws {
        let request = ClientRequest(
            method: .post,
            url: baseURL + OrderEventQueue.endpointPath,
            headers: ["Content-Type": "application/json"],
            body: Array(try JSONEncoder().encode(message)),
            // Publishing must not hold the order up for long: a slow broker fails the publish, not the order.
            timeout: .seconds(2)
        )
        let response = try await client.execute(request)
        guard response.status.code == HTTPStatus.accepted.code else { throw OrderEventQueue.NotDelivered() }
    }
}
