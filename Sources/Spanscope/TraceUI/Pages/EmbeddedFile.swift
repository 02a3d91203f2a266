import Foundation

/// One file of `Public/` as the build embedded it (`Plugins/EmbedUIFiles` writes the table of
/// them, `EmbeddedUIFiles.assets`).
struct EmbeddedFile: Sendable {
    let bytes: [UInt8]
    /// FNV-1a of the bytes, computed at build time: a strong entity tag.
    let hash: String

    init(text: String, hash: String) {
        bytes = Array(text.utf8)
        self.hash = hash
    }

    init(base64: String, hash: String) {
        bytes = Data(base64Encoded: base64).map(Array.init) ?? []
        self.hash = hash
    }
}
