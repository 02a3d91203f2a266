extension TraceAnalysis {
    /// Where an error started: errors propagate up, so a failed request is usually
    /// a chain of failed spans, and the deepest one names the cause. The chain is
    /// followed from a failed root through failed children only (on a tie, the
    /// child that ended last, as the one its parent gave up on). Without a failed
    /// root the longest error chain is reported as handled, at info severity.
    static func errorCause(in tree: SpanTree) -> [TraceFinding] {
        // Longest chain of failed spans starting at each failed span, and the
        // child that continues it; children come after parents in preorder.
        var chainLength = [Int](repeating: 0, count: tree.spans.count)
        var next = [Int?](repeating: nil, count: tree.spans.count)
        for index in tree.preorder.reversed() where tree.spans[index].isError {
            var best: Int?
            for child in tree.children[index] where chainLength[child] > 0 {
                guard let current = best else {
                    best = child
                    continue
                }
                if chainLength[child] > chainLength[current]
                    || (chainLength[child] == chainLength[current] && tree.spans[child].clampedEndNanos >= tree.spans[current].clampedEndNanos) {
                    best = child
                }
            }
            next[index] = best
            chainLength[index] = 1 + (best.map { chainLength[$0] } ?? 0)
        }
        let heads = tree.preorder.filter { index in
            chainLength[index] > 0 && tree.parent[index].map { !tree.spans[$0].isError } ?? true
        }
        let failedRoot = heads.first { tree.parent[$0] == nil }
        guard let head = failedRoot ?? heads.max(by: { chainLength[$0] < chainLength[$1] }) else { return [] }
        var chain = [head]
        while let following = next[chain[chain.count - 1]] { chain.append(following) }
        let cause = tree.spans[chain[chain.count - 1]]
        let reason = cause.failureMessage.map { ": \($0)" } ?? " (no message)"
        let context = chain.count > 1 ? ", under \(chain.count - 1) failed parent span\(chain.count > 2 ? "s" : "")" : ""
        return [TraceFinding(
            kind: .errorCause,
            severity: failedRoot != nil ? .critical : .info,
            message: "Error starts at \(cause.label)\(context)\(reason)",
            spanIDs: chain.map { tree.spans[$0].spanID }
        )]
    }
}
