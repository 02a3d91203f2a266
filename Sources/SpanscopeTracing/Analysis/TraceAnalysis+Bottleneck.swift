import W3CTraceContext

extension TraceAnalysis {
    /// The span with the most time of its own on the critical path: the one
    /// place where a speed-up shortens the whole request. A trace of one span
    /// has nothing to compare, so it gets no finding.
    static func bottleneck(in tree: SpanTree, segments: [CriticalPathSegment]) -> [TraceFinding] {
        guard tree.spans.count > 1, !segments.isEmpty else { return [] }
        var timeOnPath: [SpanID: UInt64] = [:]
        var order: [SpanID] = []
        for segment in segments {
            if timeOnPath[segment.spanID] == nil { order.append(segment.spanID) }
            timeOnPath[segment.spanID, default: 0] += segment.durationNanos
        }
        // Ties go to the span that comes first on the path.
        guard let top = order.max(by: { timeOnPath[$0]! < timeOnPath[$1]! }),
              let span = tree.spans.first(where: { $0.spanID == top })
        else { return [] }
        let time = timeOnPath[top]!
        let total = segments.reduce(0) { $0 + $1.durationNanos }
        let share = Double(time) / Double(total)
        return [TraceFinding(
            kind: .bottleneck,
            severity: share >= 0.5 ? .warning : .info,
            message: "Bottleneck: \(span.label) spends \(durationText(time)) of the \(durationText(total)) critical path in its own work (\(percentText(time, of: total))).",
            spanIDs: [top],
            impactNanos: time
        )]
    }
}
