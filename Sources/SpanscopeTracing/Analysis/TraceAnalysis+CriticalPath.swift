extension TraceAnalysis {
    /// The classic critical-path walk (as Jaeger UI does it): from the end of a
    /// span, step back to the child that finished last before the cursor, take
    /// that child's own path, move the cursor to the child's start and repeat;
    /// the gaps between chosen children are the span's own time on the path.
    ///
    /// Children are first clipped to their parent, so a child that outlives its
    /// parent (clock skew, fire-and-forget work) cannot stretch the path. Several
    /// roots are walked as children of a synthetic root spanning the whole trace.
    /// Iterative, because a deep trace would overflow the stack.
    static func criticalPath(in tree: SpanTree) -> (segments: [CriticalPathSegment], spans: [Int]) {
        struct Frame {
            /// nil for the synthetic root.
            var span: Int?
            var start: UInt64
            var cursor: UInt64
            /// Clipped children, latest end first.
            var candidates: [(index: Int, start: UInt64, end: UInt64)]
            var next = 0
        }
        func frame(for span: Int?, start: UInt64, end: UInt64, children: [Int]) -> Frame {
            var candidates: [(index: Int, start: UInt64, end: UInt64)] = []
            for child in children {
                let interval = tree.interval(child)
                let clippedStart = max(interval.start, start)
                let clippedEnd = min(interval.end, end)
                if clippedStart < clippedEnd { candidates.append((child, clippedStart, clippedEnd)) }
            }
            // Latest end first; among equal ends the longest, which covers the others.
            candidates.sort { $0.end != $1.end ? $0.end > $1.end : $0.start < $1.start }
            return Frame(span: span, start: start, cursor: end, candidates: candidates)
        }

        guard !tree.roots.isEmpty else { return ([], []) }
        var reversedSegments: [CriticalPathSegment] = []
        var onPath: [Int] = []
        func emit(_ span: Int?, _ start: UInt64, _ end: UInt64) {
            guard let span, start < end else { return }
            reversedSegments.append(CriticalPathSegment(spanID: tree.spans[span].spanID, startNanos: start, endNanos: end))
        }

        var stack: [Frame]
        if tree.roots.count == 1, let root = tree.roots.first {
            onPath.append(root)
            let interval = tree.interval(root)
            stack = [frame(for: root, start: interval.start, end: interval.end, children: tree.children[root])]
        } else {
            let window = tree.window
            stack = [frame(for: nil, start: window.start, end: window.end, children: tree.roots)]
        }
        while var top = stack.popLast() {
            while top.next < top.candidates.count, top.candidates[top.next].end > top.cursor {
                top.next += 1
            }
            guard top.next < top.candidates.count else {
                emit(top.span, top.start, top.cursor)
                if var parent = stack.popLast() {
                    parent.cursor = top.start
                    stack.append(parent)
                }
                continue
            }
            let child = top.candidates[top.next]
            top.next += 1
            emit(top.span, child.end, top.cursor)
            onPath.append(child.index)
            stack.append(top)
            stack.append(frame(for: child.index, start: child.start, end: child.end, children: tree.children[child.index]))
        }
        return (reversedSegments.reversed(), onPath)
    }
}
