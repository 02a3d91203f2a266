import Foundation

/// Writes whole lines straight to standard output, so progress reaches a pipe or a
/// log file as it happens rather than when a stdio buffer fills.
enum Console {
    static func line(_ text: String) {
        var text = text + "\n"
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
