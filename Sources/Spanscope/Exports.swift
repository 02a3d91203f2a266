// One import gives a user every layer.
@_exported public import SpanscopeHTTP
@_exported public import SpanscopeTracing
