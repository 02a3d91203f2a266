/// The entity that produced spans: a service in a process (OpenTelemetry's Resource).
///
/// ```swift
/// let resource = Resource(attributes: [Attribute("service.name", .string("orders"))])
/// print(resource.serviceName) // "orders"
/// ```
public struct Resource: Sendable, Hashable {
    public var attributes: [Attribute]

    public init(attributes: [Attribute] = []) {
        self.attributes = attributes
    }

    /// `service.name`, or OpenTelemetry's fallback `unknown_service` when absent.
    public var serviceName: String {
        if case .string(let name)? = attributes[key: "service.name"] { return name }
        return "unknown_service"
    }
}
