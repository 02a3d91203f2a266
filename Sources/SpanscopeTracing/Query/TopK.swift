/// The first `capacity` elements of a sequence in ascending order, without sorting
/// the rest: a heap whose top is the last element kept, so a candidate that does
/// not make the cut costs one comparison, and one that does O(log capacity).
///
/// ```swift
/// var best = TopK<Int>(capacity: 2)
/// for value in [5, 1, 4, 2] { best.insert(value) }
/// print(best.sorted()) // [1, 2]
/// ```
struct TopK<Element: Comparable> {
    let capacity: Int
    /// Every element is at least its children (a max-heap).
    private var heap: [Element] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    mutating func insert(_ element: Element) {
        if heap.count < capacity {
            heap.append(element)
            siftUp(from: heap.count - 1)
        } else if let last = heap.first, element < last {
            heap[0] = element
            siftDown(from: 0)
        }
    }

    /// The kept elements, smallest first.
    consuming func sorted() -> [Element] {
        heap.sort()
        return heap
    }

    private mutating func siftUp(from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[parent] < heap[child] else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var largest = parent
            if left < heap.count, heap[largest] < heap[left] { largest = left }
            if right < heap.count, heap[largest] < heap[right] { largest = right }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
