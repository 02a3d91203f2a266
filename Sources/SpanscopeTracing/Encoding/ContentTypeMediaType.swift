/// The media type of a `Content-Type` value: its parameters and spaces dropped, lowercased.
/// One reading for every layer that checks one: the OTLP receiver picking the encoding,
/// the exporter reading a collector's answer, and the trace API's pin requests.
///
/// ```swift
/// mediaType(ofContentType: "Application/JSON; charset=utf-8")  // "application/json"
/// ```
package func mediaType(ofContentType value: String) -> String {
    let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    let start = type.firstIndex { !isSpace($0) } ?? type.endIndex
    let end = type.lastIndex { !isSpace($0) }.map(type.index(after:)) ?? start
    return type[start..<end].lowercased()
}
