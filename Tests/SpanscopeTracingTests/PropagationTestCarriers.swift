import Tracing

/// Message headers with one value per key, e.g. a queue message.
struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}

struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}

/// HTTP-style header lines: names in any case, a name may appear on several lines.
/// Several values are joined with "," in order, as RFC 9110 combines field lines, which
/// is the contract `SpanscopeTracer.extract` documents for extractors.
struct HeaderLinesExtractor: Extractor {
    /// Every key the tracer asked for, in order.
    let requestedKeys = RequestedKeys()

    func extract(key: String, from carrier: [(String, String)]) -> String? {
        requestedKeys.append(key)
        let values = carrier.filter { $0.0.lowercased() == key }.map(\.1)
        return values.isEmpty ? nil : values.joined(separator: ",")
    }
}

struct HeaderLinesInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [(String, String)]) {
        carrier.append((key, value))
    }
}
