import W3CTraceContext

extension TraceAnalysis {
    /// Self time uses the union of the children, not their sum: two children
    /// running in parallel for 10 ms take 10 ms from their parent, not 20.
    static func selfTimes(in tree: SpanTree) -> [SpanID: UInt64] {
        var result = [SpanID: UInt64](minimumCapacity: tree.spans.count)
        for index in tree.preorder where result[tree.spans[index].spanID] == nil {
            let bounds = tree.interval(index)
            let covered = coveredLength(of: tree.children[index].map(tree.interval), within: bounds)
            result[tree.spans[index].spanID] = (bounds.end - bounds.start) - covered
        }
        return result
    }
}
