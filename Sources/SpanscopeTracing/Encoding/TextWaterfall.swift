import W3CTraceContext

/// Draws a trace as a plain-text waterfall for terminals, logs and bug reports:
/// the span tree with `├─ └─ │`, each span's name, service and duration, a time
/// bar scaled to `barWidth` columns, `*` before spans on the critical path and
/// `!` before failed ones (with the failure message after the bar).
///
/// ```swift
/// print(TextWaterfall(barWidth: 30).render(trace))
/// // Trace 4bf92f3577b34da6a3ce929d0e0e4736  100.0ms  3 spans  1 error
/// // *  GET /checkout [orders]            100.0ms |██████████████████████████████|
/// // *  ├─ payments [payments]             85.0ms |  ████████████████████████    |
/// //  ! └─ audit [orders]                   5.0ms |                          ██  | disk full
/// // (* critical path, ! error)
/// ```
///
/// Names come from the network: control characters, line and paragraph
/// separators and bidirectional overrides are shown as `�` so a span name can
/// neither break the layout nor send escape sequences to the terminal.
public struct TextWaterfall: TraceEncoder {
    /// Columns of the time bar.
    public var barWidth: Int
    /// Columns for tree, name and service; longer labels end in `…`.
    public var labelWidth: Int

    public init(barWidth: Int = 40, labelWidth: Int = 48) {
        self.barWidth = max(1, barWidth)
        self.labelWidth = max(8, labelWidth)
    }

    public var contentType: String { "text/plain; charset=utf-8" }

    public func encode(_ trace: Trace) -> [UInt8] {
        Array(render(trace).utf8)
    }

    /// The waterfall as lines ending in a newline.
    ///
    /// ```swift
    /// print(TextWaterfall().render(trace), terminator: "")
    /// ```
    public func render(_ trace: Trace) -> String {
        let tree = SpanTree(trace.spans)
        let path = TraceAnalysis.criticalPath(in: tree).spans.map { tree.spans[$0].spanID }
        return render(trace, tree: tree, criticalPath: Set(path))
    }

    /// Uses the critical path of an analysis computed already.
    ///
    /// ```swift
    /// let text = TextWaterfall().render(trace, analysis: analysis)
    /// ```
    public func render(_ trace: Trace, analysis: TraceAnalysis) -> String {
        render(trace, tree: SpanTree(trace.spans), criticalPath: analysis.criticalPathSpanIDs)
    }

    private func render(_ trace: Trace, tree: SpanTree, criticalPath: Set<SpanID>) -> String {
        let window = tree.window
        let total = window.end - window.start
        let errors = trace.spans.count { $0.isError }
        var header = "Trace \(trace.traceID)  \(durationText(total))  \(trace.spans.count) span\(trace.spans.count == 1 ? "" : "s")"
        if errors > 0 { header += "  \(errors) error\(errors == 1 ? "" : "s")" }
        if trace.droppedSpanCount > 0 { header += "  \(trace.droppedSpanCount) dropped" }
        if trace.isIncomplete { header += "  incomplete" }
        var lines = [header]

        let durations = tree.preorder.map { durationText(tree.spans[$0].clampedDurationNanos) }
        let durationWidth = durations.map(\.count).max() ?? 0
        for (position, index) in tree.preorder.enumerated() {
            let span = tree.spans[index]
            let marks = (criticalPath.contains(span.spanID) ? "*" : " ") + (span.isError ? "!" : " ")
            let label = fitted(treePrefix(index, in: tree) + printable("\(span.name) [\(span.serviceName)]"))
            let duration = String(repeating: " ", count: durationWidth - durations[position].count) + durations[position]
            var line = "\(marks) \(label) \(duration) |\(bar(tree.interval(index), window: window))|"
            if span.isError, let message = span.failureMessage { line += " " + printable(message) }
            lines.append(line)
        }
        lines.append("(* critical path, ! error)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `│  ` for every ancestor with siblings still to come, then this span's branch.
    private func treePrefix(_ index: Int, in tree: SpanTree) -> String {
        let chain = tree.ancestry(of: index)
        guard chain.count > 1 else { return "" }
        var prefix = ""
        for (level, ancestor) in chain.enumerated().dropFirst() {
            let siblings = tree.parent[ancestor].map { tree.children[$0] } ?? tree.roots
            let isLast = siblings.last == ancestor
            if level == chain.count - 1 {
                prefix += isLast ? "└─ " : "├─ "
            } else {
                prefix += isLast ? "   " : "│  "
            }
        }
        return prefix
    }

    private func fitted(_ label: String) -> String {
        if label.count > labelWidth { return String(label.prefix(labelWidth - 1)) + "…" }
        return label + String(repeating: " ", count: labelWidth - label.count)
    }

    private func bar(_ interval: (start: UInt64, end: UInt64), window: (start: UInt64, end: UInt64)) -> String {
        let total = window.end - window.start
        var first = 0, last = 1
        if total > 0 {
            first = min(barWidth - 1, column(interval.start - window.start, of: total, roundingUp: false))
            last = min(barWidth, max(first + 1, column(interval.end - window.start, of: total, roundingUp: true)))
        }
        return String(repeating: " ", count: first)
            + String(repeating: "█", count: last - first)
            + String(repeating: " ", count: barWidth - last)
    }

    /// `offset * barWidth / total` exactly: in full width, since nanoseconds
    /// times columns can overflow, and in integers, so bars land on the same
    /// columns on every machine.
    private func column(_ offset: UInt64, of total: UInt64, roundingUp: Bool) -> Int {
        let (quotient, remainder) = total.dividingFullWidth(offset.multipliedFullWidth(by: UInt64(barWidth)))
        return Int(quotient) + (roundingUp && remainder > 0 ? 1 : 0)
    }

    private func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                result.append("\u{FFFD}")
            default:
                let bidiControl = (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
                result.append(bidiControl ? "\u{FFFD}" : scalar)
            }
        }
        return String(result)
    }
}
