/// Recognises the merge messages of GitHub and GitLab: `Merge pull request #12 from …`, a
/// squash merge's `Title (#12)`, and GitLab's `See merge request group/project!12`.
/// Reads UTF-8 bytes: an import asks it of every commit.
public enum MergeMessage {
    public static func pullRequestNumber(in message: String, parentCount: Int) -> Int? {
        var message = message
        return message.withUTF8 { pullRequestNumber(in: $0, parentCount: parentCount) }
    }

    public static func pullRequestNumber(in message: UnsafeBufferPointer<UInt8>, parentCount: Int) -> Int? {
        let subjectEnd = message.firstIndex(of: newline) ?? message.count
        let subject = UnsafeBufferPointer(rebasing: message[0..<subjectEnd])
        if parentCount > 1, subject.starts(with: mergePullRequest) {
            return leadingNumber(UnsafeBufferPointer(rebasing: subject[mergePullRequest.count...]))
        }
        if let marker = lastStart(of: seeMergeRequest, in: message) {
            let after = message[(marker + seeMergeRequest.count)...]
            let referenceEnd = after.firstIndex(where: isWhitespace) ?? message.count
            let reference = message[(marker + seeMergeRequest.count)..<referenceEnd]
            if let bang = reference.lastIndex(of: UInt8(ascii: "!")) {
                return leadingNumber(UnsafeBufferPointer(rebasing: message[(bang + 1)..<referenceEnd]))
            }
        }
        if parentCount == 1, subject.last == UInt8(ascii: ")"), let open = lastStart(of: openHash, in: subject) {
            let digits = UnsafeBufferPointer(rebasing: subject[(open + openHash.count)..<(subject.count - 1)])
            if !digits.isEmpty, digits.allSatisfy(isDigit) { return leadingNumber(digits) }
        }
        return nil
    }

    private static let newline = UInt8(ascii: "\n")
    private static let mergePullRequest = Array("Merge pull request #".utf8)
    private static let seeMergeRequest = Array("See merge request ".utf8)
    private static let openHash = Array("(#".utf8)

    /// Where the last occurrence of `needle` starts in `haystack`.
    private static func lastStart(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.count - needle.count
        while start >= 0 {
            if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
            start -= 1
        }
        return nil
    }

    /// The number the bytes start with; nil without a digit or when it does not fit an `Int`.
    private static func leadingNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        for byte in bytes {
            guard isDigit(byte) else { break }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
