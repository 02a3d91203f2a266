import Foundation
import Spanscope
import Synchronization

/// Shoppers for the demo shop: requests to the gateway at a steady random pace (a
/// Poisson process of `requestsPerSecond`), with a burst of `burstSize` at once every
/// `burstInterval`. Each round of requests shows every pattern of the shop (see
/// `DemoShop`). The shoppers are not traced: the gateway's span is each trace's root.
///
/// Runs until the task running it is cancelled; requests under way then finish, so the
/// shop can shut down with none cut off.
///
/// ```swift
/// let traffic = TrafficGenerator(gatewayURL: shop.gatewayURL)
/// let running = Task { await traffic.run() }
/// try await Task.sleep(for: .seconds(10))
/// running.cancel()
/// await running.value
/// print(traffic.statistics.requests)
/// ```
public final class TrafficGenerator: Sendable {
    /// The pace of the traffic.
    ///
    /// ```swift
    /// let fast = TrafficGenerator.Configuration(requestsPerSecond: 20, burstInterval: nil)
    /// ```
    public struct Configuration: Sendable {
        public var requestsPerSecond: Double
        /// nil for no bursts.
        public var burstInterval: Duration?
        public var burstSize: Int
        /// Beyond this many requests under way (a stuck shop), new ones are skipped.
        public var maxInFlight: Int

        public init(
            requestsPerSecond: Double = 3,
            burstInterval: Duration? = .seconds(15),
            burstSize: Int = 8,
            maxInFlight: Int = 64
        ) {
            self.requestsPerSecond = requestsPerSecond
            self.burstInterval = burstInterval
            self.burstSize = burstSize
            self.maxInFlight = maxInFlight
        }
    }

    /// `http://host:port` of the shop's gateway, where every request goes.
    public let gatewayURL: String
    public let configuration: Configuration
    private let requests = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    private let skipped = Atomic<Int>(0)
    private let inFlight = Atomic<Int>(0)

    public init(gatewayURL: String, configuration: Configuration = Configuration()) {
        self.gatewayURL = gatewayURL
        self.configuration = configuration
    }

    /// The counts so far; safe to read while the generator runs.
    public var statistics: TrafficStatistics {
        TrafficStatistics(
            requests: requests.load(ordering: .relaxed),
            failures: failures.load(ordering: .relaxed),
            skipped: skipped.load(ordering: .relaxed)
        )
    }

    /// Sends requests until the calling task is cancelled, then waits for those under way.
    public func run() async {
        let client = HTTPClient()
        let (arrivals, arriving) = AsyncStream.makeStream(of: TrafficScenario.self)
        // Not a child of this task: cancelling the caller stops the arrivals, not the requests.
        let requestsUnderWay = Task {
            await withDiscardingTaskGroup { group in
                for await scenario in arrivals {
                    group.addTask { await self.send(scenario, with: client) }
                }
            }
        }
        await pace(into: arriving)
        arriving.finish()
        await requestsUnderWay.value
        await client.shutdown()
    }

    /// Yields scenarios at the configured pace until the task is cancelled.
    private func pace(into arriving: AsyncStream<TrafficScenario>.Continuation) async {
        let clock = ContinuousClock()
        var nextBurst = configuration.burstInterval.map { clock.now + $0 }
        var round: [TrafficScenario] = []
        func next() -> TrafficScenario {
            if round.isEmpty { round = TrafficScenario.round() }
            return round.removeLast()
        }
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: nextGap())
            } catch {
                return
            }
            var count = 1
            if let burst = nextBurst, clock.now >= burst, let interval = configuration.burstInterval {
                count = max(1, configuration.burstSize)
                nextBurst = burst + interval
            }
            for _ in 0..<count {
                guard inFlight.load(ordering: .relaxed) < configuration.maxInFlight else {
                    skipped.add(1, ordering: .relaxed)
                    continue
                }
                inFlight.add(1, ordering: .relaxed)
                arriving.yield(next())
            }
        }
    }

    /// Exponentially distributed, as the gaps between independent arrivals are; at most
    /// five mean gaps, so that the demo never looks stalled.
    private func nextGap() -> Duration {
        let rate = max(configuration.requestsPerSecond, 0.01)
        let seconds = min(-log(Double.random(in: Double.ulpOfOne..<1)) / rate, 5 / rate)
        return .microseconds(Int64(seconds * 1_000_000))
    }

    private func send(_ scenario: TrafficScenario, with client: HTTPClient) async {
        defer {
            inFlight.subtract(1, ordering: .relaxed)
            requests.add(1, ordering: .relaxed)
        }
        do {
            let response = try await client.execute(scenario.request(gatewayURL: gatewayURL))
            if response.status.code >= 400 { failures.add(1, ordering: .relaxed) }
        } catch {
            failures.add(1, ordering: .relaxed)
        }
    }
}
