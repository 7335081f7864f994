import Foundation

/// A position in well-formed JSON bytes and the reading of one token or value from it: the
/// mechanism under `QuickJSONReader` (which builds Foundation-shaped values) and
/// `ScannedObject` (which only locates members, building nothing it is not asked for). Every
/// reading gives up (nil or false) on anything unusual rather than guess.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    static let maximumDepth = 100

    var isAtEnd: Bool { offset == bytes.count }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) -> Any? {
        guard offset < bytes.count, depth < Self.maximumDepth else { return nil }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return literal("true", NSNumber(value: true))
        case UInt8(ascii: "f"): return literal("false", NSNumber(value: false))
        case UInt8(ascii: "n"): return literal("null", NSNull())
        default: return number()
        }
    }

    mutating func literal(_ word: StaticString, _ value: Any) -> Any? {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return nil }
        for index in 0..<count where bytes[offset + index] != word.utf8Start[index] { return nil }
        offset += count
        return value
    }

    mutating func object(depth: Int) -> [String: Any]? {
        var result: [String: Any] = [:]
        let complete = elements(closedBy: UInt8(ascii: "}")) { cursor in
            guard cursor.isAtQuote, let key = cursor.string(), cursor.skipColon(),
                  let element = cursor.value(depth: depth + 1) else { return false }
            result[key] = element
            return true
        }
        return complete ? result : nil
    }

    mutating func array(depth: Int) -> [Any]? {
        var result: [Any] = []
        let complete = elements(closedBy: UInt8(ascii: "]")) { cursor in
            guard let element = cursor.value(depth: depth + 1) else { return false }
            result.append(element)
            return true
        }
        return complete ? result : nil
    }

    /// Passes over one value, checking it as `value(depth:)` would, without building it: plain
    /// strings and containers cost no allocation. False where `value(depth:)` gives nil.
    mutating func skipValue(depth: Int) -> Bool {
        guard offset < bytes.count, depth < Self.maximumDepth else { return false }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            return elements(closedBy: UInt8(ascii: "}")) { cursor in
                cursor.isAtQuote && cursor.skipString() != nil && cursor.skipColon() && cursor.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            return elements(closedBy: UInt8(ascii: "]")) { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            return skipString() != nil
        default:
            return value(depth: depth) != nil  // a literal or a number: nothing worth avoiding
        }
    }

    /// How a string's content can be taken once it has been passed over.
    enum StringContent {
        /// ASCII without escapes: the bytes between the quotes are the string.
        case plain
        /// Escapes or other UTF-8: `string()` must decode it (it is known to be valid).
        case decoded
    }

    /// Passes over a string starting at its opening quote, checking it as `string()` would;
    /// nil where `string()` gives nil.
    mutating func skipString() -> StringContent? {
        let quote = offset
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return .plain
            }
            if byte == UInt8(ascii: "\\") || byte >= 0x80 {
                offset = quote
                return string() == nil ? nil : .decoded
            }
            if byte < 0x20 { return nil }
            offset += 1
        }
        return nil
    }

    var isAtQuote: Bool { offset < bytes.count && bytes[offset] == UInt8(ascii: "\"") }

    /// The `:` between a member's name and its value, with the whitespace around it.
    mutating func skipColon() -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { return false }
        offset += 1
        skipWhitespace()
        return true
    }

    /// The comma-separated elements of an object or array, from its opening bracket to
    /// `closing`; `element` reads one (after leading whitespace) and says whether it could.
    mutating func elements(closedBy closing: UInt8, _ element: (inout JSONCursor) -> Bool) -> Bool {
        offset += 1
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == closing {
            offset += 1
            return true
        }
        while true {
            skipWhitespace()
            guard element(&self) else { return false }
            skipWhitespace()
            guard offset < bytes.count else { return false }
            let separator = bytes[offset]
            offset += 1
            if separator == closing { return true }
            guard separator == UInt8(ascii: ",") else { return false }
        }
    }

    /// A string starting at the opening quote. Strings without escapes (nearly all) are
    /// made from the bytes in one step; ASCII ones (nearly all again) need no validation,
    /// which costs a generic call per string.
    mutating func string() -> String? {
        offset += 1
        let start = offset
        var highBits: UInt8 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                return highBits < 0x80 ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            highBits |= byte
            offset += 1
        }
        return nil
    }

    private mutating func escapedString(from start: Int) -> String? {
        var scalars: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { return nil }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    scalars.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                scalars.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hexQuad() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else { return nil }
            offset += 2
            guard let low = hexQuad(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hexQuad() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            offset += 1
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// A number as JSON's grammar has it: integers that fit 64 bits become integer
    /// `NSNumber`s, the rest doubles.
    mutating func number() -> NSNumber? {
        let start = offset
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else { return nil }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) { return nil }
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        var isInteger = true
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else { return nil }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard offset < bytes.count, isDigit(bytes[offset]) else { return nil }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        if isInteger {
            guard let integer = Int64(text) else { return nil }
            return NSNumber(value: integer)
        }
        guard let double = Double(text), double.isFinite else { return nil }
        return NSNumber(value: double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
