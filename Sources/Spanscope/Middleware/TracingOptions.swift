public import SpanscopeHTTP
public import SpanscopeTracing

/// What `TracingMiddleware` traces, and what its server spans record beyond the standard
/// HTTP attributes.
///
/// ```swift
/// var options = TracingOptions()
/// options.excludedPaths.append("/health")
/// options.recordedRequestHeaders = ["X-Tenant", "Authorization"] // Authorization as REDACTED
/// options.redactedQueryParameters.insert("token")
/// options.customAttributes = { request, context, span in
///     span.setAttribute("tenant.id", .string(request.headers["X-Tenant"] ?? "none"))
/// }
/// router.add(middleware: TracingMiddleware(tracer: tracer, options: options))
/// ```
public struct TracingOptions: Sendable {
    /// Paths that get no span and no trace headers: a path equal to one of these, or one
    /// that continues it after a `/`. By default the trace UI's own routes, so that looking
    /// at traces makes none; append health checks and the like.
    public var excludedPaths: [String] = [TracingOptions.traceUIPath]

    /// Request headers recorded as `http.request.header.<lowercased name>`, a string array
    /// with one element per header line. Values of `authorization`, `proxy-authorization`,
    /// `cookie` and `set-cookie` are recorded as `REDACTED`, never in clear.
    public var recordedRequestHeaders: [String] = []

    /// Response headers recorded as `http.response.header.<lowercased name>`, redacted as
    /// `recordedRequestHeaders` are.
    public var recordedResponseHeaders: [String] = []

    /// Query parameters whose values `url.query` shows as `REDACTED`, the name kept (`sig=REDACTED`).
    /// Names match exactly as sent. By default the semantic conventions' list.
    public var redactedQueryParameters: Set<String> = TracingOptions.defaultRedactedQueryParameters

    /// Methods reported as they are. Any other method is reported as `_OTHER`, with
    /// `http.request.method_original`, and names its span `HTTP`; method names are
    /// case-sensitive. By default RFC 9110's methods and PATCH, as the semantic conventions say.
    public var knownMethods: Set<String> = TracingOptions.defaultKnownMethods

    /// Called for each recorded server span, after its standard attributes are set and
    /// before the rest of the chain runs, to add attributes of the application's own.
    public var customAttributes: (@Sendable (Request, RequestContext, SpanscopeSpan) -> Void)?

    public init() {}

    /// Where `TraceUI` mounts its routes by default.
    public static let traceUIPath = "/debug/traces"

    /// The semantic conventions' query parameters to redact: AWS, Azure and Google Cloud signatures.
    public static let defaultRedactedQueryParameters: Set<String> = ["AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"]

    /// RFC 9110's methods and PATCH (RFC 5789).
    public static let defaultKnownMethods: Set<String> = ["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"]

    /// Headers whose values are never recorded in clear.
    public static let redactedHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
}
