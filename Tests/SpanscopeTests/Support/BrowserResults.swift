/// A scenario that threw: `{"failed": "TimeoutError: ..."}`.
struct ScenarioFailure: Decodable {
    var failed: String
}

/// What `Tests/python/trace_ui_browser.py` reports, scenario by scenario.
struct BrowserResults: Decodable, Sendable {
    /// A scenario's report, or how it failed.
    enum Outcome<Value: Decodable & Sendable>: Decodable, Sendable {
        case ok(Value)
        case failed(String)

        struct Failed: Error, CustomStringConvertible {
            var description: String
        }

        init(from decoder: any Decoder) throws {
            if let failure = try? ScenarioFailure(from: decoder) {
                self = .failed(failure.failed)
            } else {
                self = .ok(try Value(from: decoder))
            }
        }

        func get() throws -> Value {
            switch self {
            case .ok(let value): return value
            case .failed(let message): throw Failed(description: "the browser scenario failed: \(message)")
            }
        }
    }

    struct Headers: Decodable, Sendable {
        var contentSecurityPolicy: String?
        var xContentTypeOptions: String?
        var referrerPolicy: String?
        var contentType: String?

        enum CodingKeys: String, CodingKey {
            case contentSecurityPolicy = "content-security-policy"
            case xContentTypeOptions = "x-content-type-options"
            case referrerPolicy = "referrer-policy"
            case contentType = "content-type"
        }
    }

    struct Row: Decodable, Sendable {
        var id: String
        var classes: [String]
        var level: Int
        var expanded: String?
        var name: String
        var service: String
        var barLeft: Double
        var barWidth: Double
        var trackWidth: Double
    }

    struct List: Decodable, Sendable {
        var headers: Headers
        var rows: [String]
        var dots: [String]
        /// The rows after a click on the duration header.
        var byDuration: [String]
        /// `window.__pwned` and the count of elements with event-handler attributes or inline scripts.
        var pwned: [Int?]
    }

    /// Where the browser landed after opening the API's search and a trace's API URL.
    struct APIOpens: Decodable, Sendable {
        var search: String
        var trace: String
    }

    struct Routes: Decodable, Sendable {
        var headers: Headers
        var routes: [[String]]
        var bucketLinks: [String]
        /// The requests in flight: service, request, elapsed, started, trace.
        var active: [[String]]
        var pwned: [Int?]
    }

    struct TracePage: Decodable, Sendable {
        struct Finding: Decodable, Sendable {
            var kind: String
            var spans: [String]
        }

        struct FindingLink: Decodable, Sendable {
            var linked: String
            var selected: String
            var hash: String
        }

        struct Detail: Decodable, Sendable {
            var title: String
            var text: String
            var links: [String]
        }

        var headers: Headers
        var rows: [Row]
        var findings: [Finding]
        var findingLink: FindingLink
        var collapsed: [String]
        var expanded: [String]
        var collapsedAll: [String]
        var oneLevel: [String]
        var searchMatches: [String]
        var keys: [String: String]
        var keyHelp: [String]
        var detail: Detail
        var comparison: [String]
        /// The trace's kept reasons after the pin button, and after it again.
        var pinned: [String]
        var unpinned: [String]
        var pwned: [Int?]
    }

    struct DeepLink: Decodable, Sendable {
        var selected: String
        var detailTitle: String
    }

    struct Hostile: Decodable, Sendable {
        var headers: Headers
        var names: [String]
        var services: [String]
        var title: String
        var detail: String
        var findings: [String]
        var pwned: [Int?]
    }

    struct Big: Decodable, Sendable {
        /// From the request to the first byte of the page, and from its last byte to the waterfall drawn.
        var serverMillis: Double
        var browserMillis: Double
        var domRows: [Int]
        var lastRow: String?
    }

    struct DarkMode: Decodable, Sendable {
        var before: String
        var themeBefore: String?
        var after: String
        var themeAfter: String?
        var remembered: String?
        var rememberedBackground: String
        /// Pixels of the minimap in the dark theme's error color.
        var minimapErrorPixels: Int
        var systemDark: String
        /// The background after the toggle, when the system prefers dark.
        var systemDarkToggled: String
    }

    struct Live: Decodable, Sendable {
        var completed: String
        var shown: [String]
    }

    var list: Outcome<List>
    var listDotOpens: Outcome<String>
    var apiOpens: Outcome<APIOpens>
    var routes: Outcome<Routes>
    var trace: Outcome<TracePage>
    var deepLink: Outcome<DeepLink>
    var hostile: Outcome<Hostile>
    var big: Outcome<Big>
    var live: Outcome<Live>
    var darkMode: Outcome<DarkMode>
    /// The list page's notice for each bad query.
    var badQueries: Outcome<[String: String]>
    var consoleErrors: [String]
}
