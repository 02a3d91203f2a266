import CLibevent

extension Sequence<HTTPHeaders.Field> {
    /// Adds every field, in order, to a libevent header list (a request's or a response's).
    /// Loop thread only, as every libevent call on a request.
    ///
    /// Through `withCString`, not a `String` passed as a C pointer: that conversion copies
    /// every small string (most names, short values) into a new array, two allocations per
    /// field on every request.
    func addFields(to list: UnsafeMutablePointer<evkeyvalq>?) {
        for field in self {
            field.name.withCString { name in
                field.value.withCString { value in _ = evhttp_add_header(list, name, value) }
            }
        }
    }
}
