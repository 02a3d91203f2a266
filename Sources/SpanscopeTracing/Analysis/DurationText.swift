/// A duration as people read it in a message or a waterfall: `850ns`, `12.5µs`,
/// `80.0ms`, `1.25s`. Hand-rolled so the output is identical on every platform.
package func durationText(_ nanos: UInt64) -> String {
    switch nanos {
    case ..<1_000: return "\(nanos)ns"
    // Bounds below the next unit, so rounding never prints "1000.0µs".
    case ..<999_950: return decimal(nanos, unit: 1_000, digits: 1) + "µs"
    case ..<999_950_000: return decimal(nanos, unit: 1_000_000, digits: 1) + "ms"
    default: return decimal(nanos, unit: 1_000_000_000, digits: 2) + "s"
    }
}

/// `value / unit` rounded half up to `digits` decimals.
private func decimal(_ value: UInt64, unit: UInt64, digits: Int) -> String {
    var scale: UInt64 = 1
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value.multipliedReportingOverflow(by: scale).overflow
        ? value / unit * scale
        : (value * scale + unit / 2) / unit)
    let fraction = String(scaled % scale)
    return "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
}

/// A share as a whole percentage, rounded.
package func percentText(_ part: UInt64, of whole: UInt64) -> String {
    guard whole > 0 else { return "0%" }
    return "\(Int((Double(part) / Double(whole) * 100).rounded()))%"
}
