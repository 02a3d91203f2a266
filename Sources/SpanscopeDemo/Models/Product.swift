/// An item for sale, as the products service answers it.
struct Product: Codable, Sendable, Hashable {
    var id: Int
    var name: String
    var category: String
    var priceCents: Int
}

extension Product {
    /// The shop's catalog, the products service's table. Ids run from 1 without gaps.
    static let catalog: [Product] = [
        ("Espresso cup", "cups", 900), ("Cappuccino cup", "cups", 1_100), ("Double-wall glass", "cups", 1_400),
        ("Travel mug", "cups", 2_400), ("Tasting spoon", "cups", 600), ("Pour-over kettle", "brewing", 4_900),
        ("Gooseneck kettle", "brewing", 7_900), ("Dripper V60", "brewing", 2_300), ("Paper filters (100)", "brewing", 700),
        ("French press", "brewing", 3_500), ("AeroPress", "brewing", 3_900), ("Moka pot", "brewing", 2_900),
        ("Cold brew jar", "brewing", 3_200), ("Siphon brewer", "brewing", 8_900), ("Espresso machine", "machines", 69_900),
        ("Milk frother", "machines", 5_900), ("Tamper 58 mm", "machines", 3_400), ("Knock box", "machines", 2_600),
        ("Burr grinder", "grinders", 12_900), ("Hand grinder", "grinders", 8_900), ("Blade grinder", "grinders", 2_900),
        ("Scale 0.1 g", "tools", 4_500), ("Thermometer", "tools", 1_900), ("Cleaning tablets", "tools", 1_200),
        ("Ethiopia Yirgacheffe 250 g", "beans", 1_600), ("Colombia Huila 250 g", "beans", 1_400),
        ("Kenya AA 250 g", "beans", 1_800), ("Brazil Cerrado 1 kg", "beans", 3_600), ("House espresso 1 kg", "beans", 3_200),
        ("Decaf Peru 250 g", "beans", 1_500),
    ].enumerated().map { index, item in
        Product(id: index + 1, name: item.0, category: item.1, priceCents: item.2)
    }

    static func find(id: Int) -> Product? {
        catalog.indices.contains(id - 1) ? catalog[id - 1] : nil
    }
}
