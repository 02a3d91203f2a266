extension TraceAnalysis {
    /// N+1: many siblings doing the same thing, usually a query per item in a
    /// loop. Siblings are grouped by database statement first, since an ORM names
    /// every query span alike; spans already reported under a statement are not
    /// reported again under their name.
    static func repeatedCalls(in tree: SpanTree, thresholds: Thresholds) -> [TraceFinding] {
        var findings: [TraceFinding] = []
        for parent in tree.preorder where tree.children[parent].count >= thresholds.repeatedCallCount {
            let siblings = tree.children[parent]
            var reported = Set<Int>()
            for byStatement in [true, false] {
                let groups = orderedGroups(siblings) { index -> String? in
                    byStatement ? tree.spans[index].databaseStatement : tree.spans[index].name
                }
                for (label, members) in groups {
                    let fresh = members.filter { !reported.contains($0) }
                    guard fresh.count >= thresholds.repeatedCallCount else { continue }
                    reported.formUnion(fresh)
                    let total = fresh.reduce(0) { $0 + tree.spans[$1].clampedDurationNanos }
                    findings.append(TraceFinding(
                        kind: .nPlusOne,
                        severity: fresh.count >= thresholds.repeatedCallCount * 4 ? .critical : .warning,
                        message: "\(fresh.count) x \(label) under \(tree.spans[parent].name) (\(durationText(total)) in total): batch them into one call.",
                        spanIDs: fresh.map { tree.spans[$0].spanID },
                        impactNanos: total
                    ))
                }
            }
        }
        return findings
    }
}

/// Groups indices by key, groups in order of first appearance; nil keys are left out.
func orderedGroups(_ indices: [Int], by key: (Int) -> String?) -> [(key: String, members: [Int])] {
    var position: [String: Int] = [:]
    var groups: [(key: String, members: [Int])] = []
    for index in indices {
        guard let key = key(index) else { continue }
        if let at = position[key] {
            groups[at].members.append(index)
        } else {
            position[key] = groups.count
            groups.append((key, [index]))
        }
    }
    return groups
}
