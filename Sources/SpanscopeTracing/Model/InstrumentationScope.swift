/// The library that made a span: OpenTelemetry's instrumentation scope, as an
/// OTLP sender groups its spans under it (`opentelemetry.instrumentation.flask`, `1.2.0`).
///
/// Spans of this process's tracer have the empty scope: swift-distributed-tracing
/// has no such notion. Spans received over OTLP keep the sender's.
///
/// One reference wide: every span of a request's scope shares one immutable
/// storage, so a record grows by a word, not by two strings and an array.
///
/// ```swift
/// let scope = InstrumentationScope(name: "checkout", version: "1.2.0")
/// print(scope.name, scope.version, scope.attributes.count) // checkout 1.2.0 0
/// ```
public struct InstrumentationScope: Sendable, Hashable {
    private let storage: Storage?

    /// The empty scope: no name, no version, no attributes.
    public init() {
        storage = nil
    }

    public init(name: String, version: String = "", attributes: [Attribute] = [], droppedAttributeCount: Int = 0) {
        if name.isEmpty, version.isEmpty, attributes.isEmpty, droppedAttributeCount == 0 {
            storage = nil
        } else {
            storage = Storage(
                name: name, version: version, attributes: attributes, droppedAttributeCount: droppedAttributeCount
            )
        }
    }

    /// Empty when the sender named no scope.
    public var name: String { storage?.name ?? "" }
    public var version: String { storage?.version ?? "" }
    public var attributes: [Attribute] { storage?.attributes ?? [] }
    public var droppedAttributeCount: Int { storage?.droppedAttributeCount ?? 0 }

    public var isEmpty: Bool { storage == nil }

    public static func == (lhs: InstrumentationScope, rhs: InstrumentationScope) -> Bool {
        lhs.storage === rhs.storage || lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
    }

    private final class Storage: Sendable, Hashable {
        let name: String
        let version: String
        let attributes: [Attribute]
        let droppedAttributeCount: Int

        init(name: String, version: String, attributes: [Attribute], droppedAttributeCount: Int) {
            self.name = name
            self.version = version
            self.attributes = attributes
            self.droppedAttributeCount = droppedAttributeCount
        }

        static func == (lhs: Storage, rhs: Storage) -> Bool {
            lhs.name == rhs.name && lhs.version == rhs.version && lhs.attributes == rhs.attributes
                && lhs.droppedAttributeCount == rhs.droppedAttributeCount
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(version)
            hasher.combine(attributes)
            hasher.combine(droppedAttributeCount)
        }
    }
}
