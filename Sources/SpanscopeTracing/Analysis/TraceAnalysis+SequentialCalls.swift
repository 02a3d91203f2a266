extension TraceAnalysis {
    /// Calls to different targets made one after another, each starting as the
    /// previous ended: unless one needs the other's answer, they could overlap,
    /// and the request would wait only for the slowest. Calls to one target are
    /// left to the N+1 and retry findings.
    static func sequentialCalls(in tree: SpanTree, thresholds: Thresholds) -> [TraceFinding] {
        var findings: [TraceFinding] = []
        for parent in tree.preorder {
            let calls = tree.children[parent].filter { tree.spans[$0].isOutgoingCall }
            guard calls.count >= thresholds.sequentialCallCount else { continue }
            var run: [Int] = []
            func close() {
                if run.count >= thresholds.sequentialCallCount, let finding = sequentialFinding(run, under: parent, in: tree) {
                    findings.append(finding)
                }
            }
            for call in calls {
                if let last = run.last {
                    let previousEnd = tree.spans[last].clampedEndNanos
                    let start = tree.spans[call].startNanos
                    let backToBack = start >= previousEnd && start - previousEnd <= thresholds.sequentialGapNanos
                    let newTarget = !run.contains { tree.spans[$0].callTarget == tree.spans[call].callTarget }
                    if backToBack && newTarget {
                        run.append(call)
                        continue
                    }
                    close()
                }
                run = [call]
            }
            close()
        }
        return findings
    }

    private static func sequentialFinding(_ run: [Int], under parent: Int, in tree: SpanTree) -> TraceFinding? {
        let durations = run.map { tree.spans[$0].clampedDurationNanos }
        let sequential = durations.reduce(0, +)
        let parallel = durations.max() ?? 0
        guard sequential > parallel else { return nil }
        let saved = sequential - parallel
        let targets = run.map { tree.spans[$0].callTarget }.joined(separator: ", ")
        let parentDuration = tree.spans[parent].clampedDurationNanos
        return TraceFinding(
            kind: .sequentialCalls,
            severity: parentDuration > 0 && saved * 5 >= parentDuration ? .warning : .info,
            message: "\(run.count) sequential calls under \(tree.spans[parent].name) (\(targets)) take \(durationText(sequential)); in parallel they would take \(durationText(parallel)), saving \(durationText(saved)).",
            spanIDs: run.map { tree.spans[$0].spanID },
            impactNanos: saved
        )
    }
}
