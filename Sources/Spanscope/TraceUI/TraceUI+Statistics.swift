extension TraceUI {
    /// `GET {prefix}/stats`: the store's counters and memory (`TraceStoreStatistics`), and
    /// the exporter's (`OTLPExportStatistics`) under `export` when one is attached.
    func statistics(_ request: Request) throws(TraceAPIError) -> Response {
        try Self.refuseParameters(request)
        return Self.json(StatisticsAnswer(store: store.statistics(), export: exporter?.statistics))
    }

    /// The store's counters as they stand, with `export` beside them.
    struct StatisticsAnswer: Encodable {
        let store: TraceStoreStatistics
        let export: OTLPExportStatistics?

        enum CodingKeys: String, CodingKey { case export }

        func encode(to encoder: any Encoder) throws {
            try store.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(export, forKey: .export)
        }
    }
}
