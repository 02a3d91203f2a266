extension TraceAnalysis {
    /// Retries: the same call to the same target again after an attempt failed or
    /// timed out. Each run starts at a failed attempt and takes every following
    /// attempt that starts after the previous one ended, up to the first success.
    static func retries(in tree: SpanTree) -> [TraceFinding] {
        var findings: [TraceFinding] = []
        for parent in tree.preorder where tree.children[parent].count >= 2 {
            let groups = orderedGroups(tree.children[parent]) { index in
                let span = tree.spans[index]
                return span.name + "\u{0}" + span.callTarget
            }
            for (_, attempts) in groups where attempts.count >= 2 {
                var first = 0
                while first < attempts.count {
                    guard tree.spans[attempts[first]].hasFailed else {
                        first += 1
                        continue
                    }
                    var last = first
                    while last + 1 < attempts.count,
                          tree.spans[attempts[last]].hasFailed,
                          tree.spans[attempts[last + 1]].startNanos >= tree.spans[attempts[last]].clampedEndNanos {
                        last += 1
                    }
                    if last > first {
                        findings.append(retryFinding(Array(attempts[first...last]), in: tree))
                    }
                    first = last + 1
                }
            }
        }
        return findings
    }

    private static func retryFinding(_ attempts: [Int], in tree: SpanTree) -> TraceFinding {
        let spans = attempts.map { tree.spans[$0] }
        let failed = spans.filter(\.hasFailed)
        let wasted = spans.dropLast().reduce(0) { $0 + $1.clampedDurationNanos }
        let finalFailed = spans.last?.hasFailed ?? false
        let reason = failed.first?.failureMessage.map { " (\($0))" } ?? ""
        let outcome = finalFailed ? "every attempt failed" : "the last one succeeded"
        return TraceFinding(
            kind: .retries,
            severity: finalFailed ? .critical : .warning,
            message: "\(spans.count) attempts of \(spans[0].label) to \(spans[0].callTarget): \(failed.count) failed\(reason), \(outcome); \(durationText(wasted)) spent before the last attempt.",
            spanIDs: spans.map(\.spanID),
            impactNanos: wasted
        )
    }
}
