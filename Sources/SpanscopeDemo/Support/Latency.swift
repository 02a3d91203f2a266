/// How long a simulated dependency takes: mostly within a typical range, now and then
/// a tail several times longer, as real databases and providers behave.
///
/// ```swift
/// try await Latency(milliseconds: 0.4...1.5).wait()
/// ```
struct Latency: Sendable {
    var typicalMilliseconds: ClosedRange<Double>
    var tailChance: Double
    var tailFactor: Double

    init(milliseconds: ClosedRange<Double>, tailChance: Double = 0.03, tailFactor: Double = 4) {
        typicalMilliseconds = milliseconds
        self.tailChance = tailChance
        self.tailFactor = tailFactor
    }

    func draw() -> Duration {
        var milliseconds = Double.random(in: typicalMilliseconds)
        if Double.random(in: 0..<1) < tailChance { milliseconds *= tailFactor }
        return .microseconds(Int64(milliseconds * 1_000))
    }

    /// Sleeps for one draw; throws `CancellationError` when the task is cancelled.
    func wait() async throws {
        try await Task.sleep(for: draw())
    }
}
