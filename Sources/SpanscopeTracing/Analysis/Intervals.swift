/// Total length covered by a set of half-open intervals, each first clipped to
/// `bounds`: overlapping children must not count twice, and a child running past
/// its parent only counts inside it.
func coveredLength(of intervals: [(start: UInt64, end: UInt64)], within bounds: (start: UInt64, end: UInt64)) -> UInt64 {
    var clipped: [(start: UInt64, end: UInt64)] = []
    clipped.reserveCapacity(intervals.count)
    for interval in intervals {
        let start = max(interval.start, bounds.start)
        let end = min(interval.end, bounds.end)
        if start < end { clipped.append((start, end)) }
    }
    clipped.sort { $0.start < $1.start }
    var total: UInt64 = 0
    var current: (start: UInt64, end: UInt64)?
    for interval in clipped {
        if let run = current, interval.start <= run.end {
            current = (run.start, max(run.end, interval.end))
        } else {
            if let run = current { total += run.end - run.start }
            current = interval
        }
    }
    if let run = current { total += run.end - run.start }
    return total
}
