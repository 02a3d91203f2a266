/// One segment level of the routing trie.
struct RouteNode: Sendable {
    struct Route: Sendable {
        var template: String
        var handler: Handler
    }

    var routes: [HTTPMethod: Route] = [:]
    var statics: [Substring: RouteNode] = [:]
    var parameter: (name: String, node: Box)?
    var tail: (name: String, routes: [HTTPMethod: Route])?

    /// Indirection so that a node can hold a child node of its own type.
    final class Box: Sendable {
        let node: RouteNode
        init(_ node: RouteNode) { self.node = node }
    }

    mutating func insert(segments: ArraySlice<RouteTemplate.Segment>, method: HTTPMethod, route: Route) {
        guard let first = segments.first else {
            routes[method] = route
            return
        }
        let rest = segments.dropFirst()
        switch first {
        case .literal(let text):
            statics[text, default: RouteNode()].insert(segments: rest, method: method, route: route)
        case .parameter(let name):
            var child = parameter?.node.node ?? RouteNode()
            child.insert(segments: rest, method: method, route: route)
            parameter = (name, Box(child))
        case .tail(let name):
            var tailRoutes = tail?.routes ?? [:]
            tailRoutes[method] = route
            tail = (name, tailRoutes)
        }
    }

    /// Walks the path; a dead end under a static segment backtracks to the parameter branch.
    func find(path: Substring, parameters: inout Parameters) -> RouteNode? {
        var rest = path.drop { $0 == "/" }
        // A trailing slash names the same resource: "/a/" routes like "/a".
        while rest.last == "/" { rest = rest.dropLast() }
        return find(rest: rest, parameters: &parameters)
    }

    private func find(rest: Substring, parameters: inout Parameters) -> RouteNode? {
        if rest.isEmpty {
            return routes.isEmpty ? tailNode(value: rest, parameters: &parameters) : self
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let segment = rest[..<slash]
        let remainder = slash == rest.endIndex ? rest[slash...] : rest[rest.index(after: slash)...]
        if let child = statics[segment], let found = child.find(rest: remainder, parameters: &parameters), !found.routes.isEmpty {
            return found
        }
        if let parameter, !segment.isEmpty {
            let mark = parameters.pairs.count
            parameters.append(parameter.name, PercentDecoding.decode(segment, plusIsSpace: false))
            if let found = parameter.node.node.find(rest: remainder, parameters: &parameters), !found.routes.isEmpty {
                return found
            }
            parameters.truncate(to: mark)
        }
        return tailNode(value: rest, parameters: &parameters)
    }

    private func tailNode(value: Substring, parameters: inout Parameters) -> RouteNode? {
        guard let tail else { return nil }
        parameters.append(tail.name, PercentDecoding.decode(value, plusIsSpace: false))
        var node = RouteNode()
        node.routes = tail.routes
        return node
    }
}

/// Splits a template into its segments.
enum RouteTemplate {
    enum Segment {
        case literal(Substring)
        case parameter(String)
        case tail(String)
    }

    static func segments(of template: String) -> ArraySlice<Segment> {
        let parts = template.split(separator: "/", omittingEmptySubsequences: true)
        return ArraySlice(parts.enumerated().map { index, part in
            if part.first == ":" { return .parameter(String(part.dropFirst())) }
            if part.first == "*" {
                precondition(index == parts.count - 1, "a wildcard must be the last segment of \(template)")
                return .tail(part.count == 1 ? "*" : String(part.dropFirst()))
            }
            return .literal(part)
        })
    }
}

