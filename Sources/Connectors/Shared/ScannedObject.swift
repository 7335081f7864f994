import Foundation
import ValueStreamModel

/// One JSON object's members located in its bytes and read into values only when a field is
/// asked for, and only as that field needs (a time is parsed where it lies, never made into a
/// string first). The quick path of native ingest: building every event as `[String: Any]`
/// first was about a fifth of the server's work at scale M.
///
/// Scanning checks the whole object as `QuickJSONReader` would, so it accepts nothing that
/// reader refuses. Reading a field gives what `FieldReader` gives over the same object, or
/// throws wherever `FieldReader` would throw and also wherever it is unsure (a number with a
/// fraction, say); its errors name nothing useful, so callers read the request again through
/// `FieldReader` to report one. It points into bytes it does not own and must not outlive them.
struct ScannedObject: EventFields {
    private struct Member {
        var name: Range<Int>
        var value: Range<Int>
        var content: JSONCursor.StringContent?
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var members: [Member] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The object that starts at the cursor (on its `{`), the cursor left after it; nil when it
    /// is not well-formed or a member's name has escapes or other than ASCII.
    static func scan(_ cursor: inout JSONCursor, depth: Int = 0) -> ScannedObject? {
        guard cursor.offset < cursor.bytes.count, cursor.bytes[cursor.offset] == UInt8(ascii: "{") else { return nil }
        var object = ScannedObject(bytes: cursor.bytes)
        object.members.reserveCapacity(12)
        let complete = cursor.elements(closedBy: UInt8(ascii: "}")) { cursor in
            let nameStart = cursor.offset
            guard cursor.isAtQuote, cursor.skipString() == .plain else { return false }
            let name = nameStart + 1..<cursor.offset - 1
            guard cursor.skipColon() else { return false }
            let valueStart = cursor.offset
            var content: JSONCursor.StringContent?
            if cursor.isAtQuote {
                guard let read = cursor.skipString() else { return false }
                content = read
            } else {
                guard cursor.skipValue(depth: depth + 1) else { return false }
            }
            object.members.append(Member(name: name, value: valueStart..<cursor.offset, content: content))
            return true
        }
        return complete ? object : nil
    }

    /// Thrown wherever `FieldReader` might answer otherwise; never shown to anyone (the required
    /// forms and choices of `EventFields` throw it too, through `failure`).
    private static let unsure = EventDecodingError("left to the general reader", line: 0)

    func failure(_ field: String, _ message: String) -> EventDecodingError { Self.unsure }

    /// The last member of that name (a repeated name is read as JSON objects are: the last
    /// wins), nil when absent or null.
    private func member(_ field: String) -> Member? {
        var wanted = field
        return wanted.withUTF8 { name in
            for member in members.reversed() where member.name.count == name.count {
                guard memcmp(bytes.baseAddress! + member.name.lowerBound, name.baseAddress!, name.count) == 0 else { continue }
                return bytes[member.value.lowerBound] == UInt8(ascii: "n") ? nil : member
            }
            return nil
        }
    }

    private func cursor(at offset: Int) -> JSONCursor { JSONCursor(bytes: bytes, offset: offset) }

    private func contentBytes(_ value: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[value.lowerBound + 1..<value.upperBound - 1])
    }

    /// A string value, taken from its bytes when plain, decoded when not.
    private func text(_ value: Range<Int>, _ content: JSONCursor.StringContent) -> String? {
        if content == .plain { return String(decoding: contentBytes(value), as: UTF8.self) }
        var reader = cursor(at: value.lowerBound)
        return reader.string()
    }

    func has(_ field: String) -> Bool { member(field) != nil }

    func optionalString(_ field: String) throws(EventDecodingError) -> String? {
        guard let member = member(field) else { return nil }
        guard let content = member.content, let text = text(member.value, content),
              text.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { throw Self.unsure }
        return text
    }

    func optionalDate(_ field: String) throws(EventDecodingError) -> Date? {
        guard let member = member(field) else { return nil }
        let date: Date?
        switch member.content {
        case .plain: date = RFC3339.date(ascii: contentBytes(member.value))
        case .decoded: date = text(member.value, .decoded).flatMap(RFC3339.date(from:))
        case nil: date = nil
        }
        guard let date else { throw Self.unsure }
        return date
    }

    /// Plain integers of up to 15 digits, the ones `FieldReader` takes exactly; anything else
    /// (fractions, exponents, longer) is left to it.
    func optionalInt(_ field: String) throws(EventDecodingError) -> Int? {
        guard let member = member(field) else { return nil }
        var index = member.value.lowerBound
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let digits = member.value.upperBound - index
        guard digits >= 1, digits <= 15 else { throw Self.unsure }
        var value = 0
        for offset in index..<member.value.upperBound {
            let digit = bytes[offset] &- 0x30
            guard digit < 10 else { throw Self.unsure }
            value = value * 10 + Int(digit)
        }
        return negative ? -value : value
    }

    func optionalStrings(_ field: String) throws(EventDecodingError) -> [String]? {
        guard let member = member(field) else { return nil }
        guard bytes[member.value.lowerBound] == UInt8(ascii: "[") else { throw Self.unsure }
        var result: [String] = []
        var reader = cursor(at: member.value.lowerBound)
        let complete = reader.elements(closedBy: UInt8(ascii: "]")) { reader in
            let start = reader.offset
            guard reader.isAtQuote, let content = reader.skipString(), let text = text(start..<reader.offset, content) else {
                return false
            }
            result.append(text)
            return true
        }
        guard complete else { throw Self.unsure }
        return result
    }

    func optionalObject(_ field: String) throws(EventDecodingError) -> ScannedObject? {
        guard let member = member(field) else { return nil }
        var reader = cursor(at: member.value.lowerBound)
        guard let object = Self.scan(&reader, depth: 1) else { throw Self.unsure }
        return object
    }

    func objects(_ field: String) throws(EventDecodingError) -> [ScannedObject] {
        guard let member = member(field) else { return [] }
        guard bytes[member.value.lowerBound] == UInt8(ascii: "[") else { throw Self.unsure }
        var result: [ScannedObject] = []
        var reader = cursor(at: member.value.lowerBound)
        let complete = reader.elements(closedBy: UInt8(ascii: "]")) { reader in
            guard let object = Self.scan(&reader, depth: 2) else { return false }
            result.append(object)
            return true
        }
        guard complete else { throw Self.unsure }
        return result
    }
}
