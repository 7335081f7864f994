/// Finds work item keys such as `PAY-123` in free text (commit messages, branch names, titles).
public enum WorkItemKeyScanner {
    /// Keys in order of first appearance, without repeats: an upper-case project key of two or
    /// more letters or digits starting with a letter, a dash, and a number, standing alone
    /// (not glued to letters, digits or `_` on either side). Scans bytes: it runs on every commit.
    public static func keys(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { keys(in: $0) }
    }

    /// The keys in UTF-8 text, as `keys(in:)` finds them in a string.
    public static func keys(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var found: [String] = []
        var index = 0
        while index < bytes.count {
            let start = index
            guard isUpper(bytes[index]), start == 0 || !isKeyCharacter(bytes[start - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isUpper(bytes[end]) || isDigit(bytes[end]) { end += 1 }
            guard end - start >= 2, end < bytes.count, bytes[end] == UInt8(ascii: "-") else {
                index = max(end, index + 1)
                continue
            }
            var numberEnd = end + 1
            while numberEnd < bytes.count, isDigit(bytes[numberEnd]) { numberEnd += 1 }
            let followsCleanly = numberEnd == bytes.count || !isKeyCharacter(bytes[numberEnd])
            if numberEnd > end + 1, followsCleanly {
                let candidate = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<numberEnd]), as: UTF8.self)
                if !found.contains(candidate) { found.append(candidate) }
            }
            index = numberEnd
        }
        return found
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        isUpper(byte) || isDigit(byte) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
    }
}
