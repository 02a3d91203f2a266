/// Why the store keeps a trace. A trace held for several reasons is stored
/// once and freed when the last reason goes.
///
/// ```swift
/// let summary = store.query(TraceQuery()).first
/// if summary?.keptReasons.contains(.error) == true { print("kept as an error") }
/// ```
public enum KeepReason: String, Sendable, Codable, CaseIterable, Comparable {
    /// Among the most recent traces.
    case recent
    /// A latency exemplar of its route's decade bucket.
    case exemplar
    /// Among the slowest traces of its route.
    case slow
    /// Has an error span, or timed out incomplete.
    case error
    /// Pinned by a user; never evicted.
    case pinned

    /// Eviction order under memory pressure: lower goes first.
    var priority: Int {
        switch self {
        case .recent: 0
        case .exemplar: 1
        case .slow: 2
        case .error: 3
        case .pinned: 4
        }
    }

    init?(priority: Int) {
        switch priority {
        case 0: self = .recent
        case 1: self = .exemplar
        case 2: self = .slow
        case 3: self = .error
        case 4: self = .pinned
        default: return nil
        }
    }

    public static func < (lhs: KeepReason, rhs: KeepReason) -> Bool {
        lhs.priority < rhs.priority
    }
}

/// The reasons of one trace as bits: a reference count by set.
struct KeepReasonSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    init(_ reason: KeepReason) {
        rawValue = 1 << UInt8(reason.priority)
    }

    var reasons: [KeepReason] {
        KeepReason.allCases.filter { contains(KeepReasonSet($0)) }
    }

    /// The most protective reason: what an eviction pass must be allowed to touch to free the trace.
    /// From the highest bit, as admission asks on every completion and `reasons` builds an array.
    var strongest: KeepReason? {
        KeepReason(priority: UInt8.bitWidth - 1 - rawValue.leadingZeroBitCount)
    }
}
