@testable import SpanscopeTracing
import Testing

@Suite struct LockedTests {
    @Test func concurrentChangesAreAllKept() async {
        let counter = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 { counter.withLock { $0 += 1 } }
                }
            }
        }
        #expect(counter.withLock { $0 } == 8_000)
    }

    @Test func valueChangesInPlaceUnderTheLock() async {
        let items = Locked<[Int: Int]>([:])
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<500 { items.value[task * 1_000 + index] = index }
                }
            }
        }
        #expect(items.value.count == 2_000)
    }

    @Test func errorsPassThroughAndReleaseTheLock() {
        struct Failure: Error {}
        let locked = Locked(1)
        #expect(throws: Failure.self) { try locked.withLock { _ throws(Failure) in throw Failure() } }
        #expect(locked.withLock { $0 } == 1)
    }
}
