import SpanscopeTracing
import Testing

@Suite struct AnalysisSelfTimeTests {
    @Test func overlappingChildrenCountOnceAndAreClippedToTheParent() {
        let trace = Fixture.trace(
            Fixture.span(1, "GET /orders/:id", 0, 100),
            Fixture.span(2, parent: 1, "a", 10, 50),
            Fixture.span(3, parent: 1, "b", 30, 70),
            Fixture.span(4, parent: 1, "c", 90, 120)
        )
        let selfTimes = TraceAnalysis(trace).selfTimeNanos
        // Union inside [0, 100]: [10, 70] and [90, 100], 70 ms; the naive sum would be 110.
        #expect(selfTimes[Fixture.id(1)] == Fixture.ms(30))
        #expect(selfTimes[Fixture.id(2)] == Fixture.ms(40))
        #expect(selfTimes[Fixture.id(4)] == Fixture.ms(30))
    }

    @Test func nestedChildrenOnlyCoverTheirOwnParent() {
        let trace = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.span(2, parent: 1, "child", 10, 60),
            Fixture.span(3, parent: 2, "grandchild", 20, 50)
        )
        let selfTimes = TraceAnalysis(trace).selfTimeNanos
        #expect(selfTimes[Fixture.id(1)] == Fixture.ms(50))
        #expect(selfTimes[Fixture.id(2)] == Fixture.ms(20))
        #expect(selfTimes[Fixture.id(3)] == Fixture.ms(30))
    }

    @Test func childStartingBeforeItsParentIsClipped() {
        let trace = Fixture.trace(
            Fixture.span(1, "root", 10, 100),
            Fixture.span(2, parent: 1, "skewed", 0, 50)
        )
        #expect(TraceAnalysis(trace).selfTimeNanos[Fixture.id(1)] == Fixture.ms(50))
    }

    @Test func zeroLengthAndBackwardsSpansHaveNoSelfTime() {
        var backwards = Fixture.span(3, parent: 1, "backwards", 40, 40)
        backwards.endNanos = backwards.startNanos - 5
        let trace = Fixture.trace(
            Fixture.span(1, "root", 0, 100),
            Fixture.span(2, parent: 1, "instant", 20, 20),
            backwards
        )
        let selfTimes = TraceAnalysis(trace).selfTimeNanos
        #expect(selfTimes[Fixture.id(1)] == Fixture.ms(100))
        #expect(selfTimes[Fixture.id(2)] == 0)
        #expect(selfTimes[Fixture.id(3)] == 0)
    }
}
