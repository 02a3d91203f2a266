public import Logging

extension SpanscopeTracer {
    /// The sampler `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` name: `always_on`,
    /// `always_off`, `traceidratio`, `parentbased_always_on` (the default),
    /// `parentbased_always_off` or `parentbased_traceidratio`, in any case. An unknown
    /// name gives the default with a warning. The ratio defaults to 1.0; one that is not
    /// a number in 0...1 also gives 1.0, with a warning.
    ///
    /// ```swift
    /// let sampler = SpanscopeTracer.sampler(environment: [
    ///     "OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.05",
    /// ])
    /// ```
    public static func sampler(
        environment: [String: String],
        logger: Logger = SpanscopeTracer.defaultLogger
    ) -> any Sampler {
        let reader = EnvironmentReader(environment: environment, logger: logger)
        let name = reader.string("OTEL_TRACES_SAMPLER")?.lowercased() ?? "parentbased_always_on"
        switch name {
        case "always_on": return AlwaysOnSampler()
        case "always_off": return AlwaysOffSampler()
        case "traceidratio": return ratioSampler(reader)
        case "parentbased_always_on": return ParentBasedSampler(root: AlwaysOnSampler())
        case "parentbased_always_off": return ParentBasedSampler(root: AlwaysOffSampler())
        case "parentbased_traceidratio": return ParentBasedSampler(root: ratioSampler(reader))
        default:
            reader.warn("OTEL_TRACES_SAMPLER", name, "is not a supported sampler; using parentbased_always_on")
            return ParentBasedSampler(root: AlwaysOnSampler())
        }
    }

    private static func ratioSampler(_ reader: EnvironmentReader) -> TraceIDRatioSampler {
        guard let text = reader.string("OTEL_TRACES_SAMPLER_ARG") else { return TraceIDRatioSampler(ratio: 1) }
        guard let ratio = Double(text.trimmingWhitespace), (0...1).contains(ratio) else {
            reader.warn("OTEL_TRACES_SAMPLER_ARG", text, "is not a ratio in 0...1; using 1.0")
            return TraceIDRatioSampler(ratio: 1)
        }
        return TraceIDRatioSampler(ratio: ratio)
    }
}
