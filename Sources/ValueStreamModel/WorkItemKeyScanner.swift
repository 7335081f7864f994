/// Finds work item keys such as `PAY-123` in free text (commit messages, branch names, titles).
public enum WorkItemKeyScanner {
    /// Keys in order of first appearance, without repeats: an upper-case project key of two or
    /// more letters or digits starting with a letter, a dash, and a number.
    public static func keys(in text: String) -> [String] {
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let start = index
            let previous = start > 0 ? scalars[start - 1] : nil
            guard isUpper(scalars[index]), previous.map({ !isKeyCharacter($0) }) ?? true else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isUpper(scalars[end]) || isDigit(scalars[end]) { end += 1 }
            let projectLength = end - start
            guard projectLength >= 2, end < scalars.count, scalars[end] == "-" else {
                index = max(end, index + 1)
                continue
            }
            var numberEnd = end + 1
            while numberEnd < scalars.count, isDigit(scalars[numberEnd]) { numberEnd += 1 }
            let followsCleanly = numberEnd == scalars.count || !isKeyCharacter(scalars[numberEnd])
            if numberEnd > end + 1, followsCleanly {
                var key = String.UnicodeScalarView()
                key.append(contentsOf: scalars[start..<numberEnd])
                let candidate = String(key)
                if !found.contains(candidate) { found.append(candidate) }
            }
            index = numberEnd
        }
        return found
    }

    private static func isUpper(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isUpper(scalar) || isDigit(scalar) || ("a"..."z").contains(scalar) || scalar == "_"
    }
}
