import W3CTraceContext

/// The parent/child structure of a trace's spans, repaired so that every span is
/// reachable exactly once from a root.
///
/// Real traces are often broken: a parent lives in another process or was dropped,
/// a buggy tracer reuses a span-id, a clock steps. The analysis and the encoders
/// all walk this one repaired tree so they agree on who is whose child.
struct SpanTree {
    let spans: [SpanRecord]
    /// The parent's index, nil for roots (true roots, orphans, and spans cut out of a cycle).
    private(set) var parent: [Int?]
    /// Children in start order (ties: the longer first, then recording order).
    private(set) var children: [[Int]]
    /// Roots in the same synthetic order as children.
    private(set) var roots: [Int]
    /// Depth-first, roots and children in order: the order a waterfall shows.
    private(set) var preorder: [Int]
    private(set) var depth: [Int]

    init(_ spans: [SpanRecord]) {
        self.spans = spans
        let count = spans.count
        var indexByID = [SpanID: Int](minimumCapacity: count)
        for (index, span) in spans.enumerated() where indexByID[span.spanID] == nil {
            indexByID[span.spanID] = index
        }
        var parent = [Int?](repeating: nil, count: count)
        for (index, span) in spans.enumerated() {
            if let parentID = span.parentSpanID, let parentIndex = indexByID[parentID], parentIndex != index {
                parent[index] = parentIndex
            }
        }
        Self.breakCycles(&parent)
        self.parent = parent

        let order = Self.synthetic(spans)
        var children = [[Int]](repeating: [], count: count)
        var roots: [Int] = []
        for index in order {
            if let parentIndex = parent[index] { children[parentIndex].append(index) } else { roots.append(index) }
        }
        self.children = children
        self.roots = roots

        var preorder: [Int] = []
        preorder.reserveCapacity(count)
        var depth = [Int](repeating: 0, count: count)
        var stack: [Int] = roots.reversed()
        while let index = stack.popLast() {
            preorder.append(index)
            for child in children[index].reversed() {
                depth[child] = depth[index] + 1
                stack.append(child)
            }
        }
        self.preorder = preorder
        self.depth = depth
    }

    /// Indices sorted by start; among equal starts the longer span first, so a parent
    /// that starts with its child still comes before it.
    private static func synthetic(_ spans: [SpanRecord]) -> [Int] {
        spans.indices.sorted { a, b in
            let sa = spans[a], sb = spans[b]
            if sa.startNanos != sb.startNanos { return sa.startNanos < sb.startNanos }
            if sa.clampedEndNanos != sb.clampedEndNanos { return sa.clampedEndNanos > sb.clampedEndNanos }
            return a < b
        }
    }

    /// Parent links cannot form a cycle in a valid trace, but span-ids come from the
    /// wire: a cycle would make every walk loop forever. Each cycle is cut at the
    /// span whose parent link closes it, which then becomes a root.
    private static func breakCycles(_ parent: inout [Int?]) {
        // 0: unvisited, 1: on the current path, 2: known to reach a root.
        var state = [UInt8](repeating: 0, count: parent.count)
        for start in parent.indices where state[start] == 0 {
            var path: [Int] = []
            var current = start
            while state[current] == 0 {
                state[current] = 1
                path.append(current)
                guard let next = parent[current] else { break }
                if state[next] == 1 {
                    parent[current] = nil
                    break
                }
                current = next
            }
            for index in path { state[index] = 2 }
        }
    }

    /// The span's interval in this tree: end never before start.
    func interval(_ index: Int) -> (start: UInt64, end: UInt64) {
        (spans[index].startNanos, spans[index].clampedEndNanos)
    }

    /// The earliest start and latest end over all spans.
    var window: (start: UInt64, end: UInt64) {
        guard !spans.isEmpty else { return (0, 0) }
        var start = UInt64.max, end = UInt64.min
        for index in spans.indices {
            let interval = interval(index)
            start = min(start, interval.start)
            end = max(end, interval.end)
        }
        return (start, end)
    }

    /// The chain of indices from a root down to `index`, root first.
    func ancestry(of index: Int) -> [Int] {
        var chain = [index]
        var current = index
        while let next = parent[current] {
            chain.append(next)
            current = next
        }
        return chain.reversed()
    }
}

extension SpanRecord {
    /// The end, or the start when a broken record ends before it starts.
    var clampedEndNanos: UInt64 { max(startNanos, endNanos) }

    /// The duration that can never wrap around, unlike `durationNanos`.
    var clampedDurationNanos: UInt64 { clampedEndNanos - startNanos }
}
