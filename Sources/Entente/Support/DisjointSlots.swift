/// A buffer that the iterations of `DispatchQueue.concurrentPerform` write at disjoint indices.
///
/// `@unchecked Sendable` because the compiler cannot see the discipline that makes it safe: every iteration
/// writes only indices no other iteration touches, and the owner reads the buffer only after
/// `concurrentPerform` has returned (which waits for every iteration).
struct DisjointSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }

    /// Element `index`; write only from the iteration that owns it.
    subscript(index: Int) -> Element {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }
}
