import Foundation
import ValueStreamModel

/// Typed access to one JSON object's fields, throwing errors that name the line and the field
/// (dotted for nested objects) and say what is wrong.
public struct FieldReader {
    public let object: [String: Any]
    public let line: Int
    public let path: String
    /// Whether this is a tool's payload rather than a native event: times may come in the other
    /// formats tools send (FORMATS.md §0), and empty strings mean "not set" (tools send `""`
    /// for fields they leave blank). Native events are RFC 3339 only and reject empty strings.
    public let isToolPayload: Bool

    public init(_ object: [String: Any], line: Int, path: String = "", isToolPayload: Bool = false) {
        self.object = object
        self.line = line
        self.path = path
        self.isToolPayload = isToolPayload
    }

    private func nested(_ object: [String: Any], at field: String) -> FieldReader {
        FieldReader(object, line: line, path: name(field), isToolPayload: isToolPayload)
    }

    func name(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }

    public func failure(_ field: String, _ message: String) -> EventDecodingError {
        EventDecodingError(message, line: line, field: name(field))
    }

    private func present(_ field: String) -> Any? {
        guard let value = object[field], !Self.isNull(value) else { return nil }
        return value
    }

    /// JSON's null, told by the value's exact type: on Linux, `value is NSNull` first bridges a
    /// Swift string, array or dictionary to its Foundation class (an allocation for every field
    /// read, a tenth of the ingest's decoding time).
    static func isNull(_ value: Any) -> Bool {
        type(of: value) == NSNull.self
    }

    public func has(_ field: String) -> Bool { present(field) != nil }

    public func optionalString(_ field: String) throws(EventDecodingError) -> String? {
        guard let value = present(field) else { return nil }
        guard let text = value as? String else { throw failure(field, "must be a string") }
        guard text.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
            if isToolPayload { return nil }
            throw failure(field, "must not be empty")
        }
        return text
    }

    public func optionalDate(_ field: String) throws(EventDecodingError) -> Date? {
        guard let value = present(field) else { return nil }
        guard let text = value as? String else { throw failure(field, "must be an RFC 3339 time string") }
        if isToolPayload {
            guard let date = ToolTime.date(from: text) else {
                throw failure(field, "\"\(text)\" is not a time (RFC 3339, or `yyyy-MM-dd HH:mm:ss Z`)")
            }
            return date
        }
        guard let date = RFC3339.date(from: text) else {
            throw failure(field, "\"\(text)\" is not an RFC 3339 time such as 2026-03-01T12:00:00Z")
        }
        return date
    }

    public func optionalInt(_ field: String) throws(EventDecodingError) -> Int? {
        guard let value = present(field) else { return nil }
        if let number = value as? NSNumber, !Self.isBoolean(number),
           number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 {
            return number.intValue
        }
        throw failure(field, "must be an integer")
    }

    /// A 64-bit integer without the 2^53 limit of doubles (Opsgenie's nanosecond times).
    public func optionalInt64(_ field: String) throws(EventDecodingError) -> Int64? {
        guard let value = present(field) else { return nil }
        guard let number = value as? NSNumber, !Self.isBoolean(number), number.doubleValue == number.doubleValue.rounded() else {
            throw failure(field, "must be an integer")
        }
        return number.int64Value
    }

    /// A time given as an integer count since 1970 (`divisor` per second: 1 for seconds, 1,000
    /// for milliseconds, 1,000,000,000 for nanoseconds).
    public func optionalEpoch(_ field: String, perSecond divisor: Int64) throws(EventDecodingError) -> Date? {
        guard let value = try optionalInt64(field) else { return nil }
        let seconds = value / divisor, remainder = value % divisor
        return Date(timeIntervalSince1970: Double(seconds) + Double(remainder) / Double(divisor))
    }

    /// An id that tools send as a number or as a string.
    public func identifier(_ field: String) throws(EventDecodingError) -> String {
        guard let value = try optionalIdentifier(field) else { throw failure(field, "is required") }
        return value
    }

    public func optionalIdentifier(_ field: String) throws(EventDecodingError) -> String? {
        guard let value = present(field) else { return nil }
        if let text = value as? String { return text.isEmpty && isToolPayload ? nil : text }
        if let number = value as? NSNumber, !Self.isBoolean(number) { return number.stringValue }
        throw failure(field, "must be a string or a number")
    }

    /// `true`, `false`, or `nil` when absent.
    public func optionalBool(_ field: String) throws(EventDecodingError) -> Bool? {
        guard let value = present(field) else { return nil }
        guard let number = value as? NSNumber, Self.isBoolean(number) else { throw failure(field, "must be true or false") }
        return number.boolValue
    }

    /// A nested object that must be there.
    public func object(_ field: String) throws(EventDecodingError) -> FieldReader {
        guard let value = try optionalObject(field) else { throw failure(field, "is required (an object)") }
        return value
    }

    public func optionalStrings(_ field: String) throws(EventDecodingError) -> [String]? {
        guard let value = present(field) else { return nil }
        guard let array = value as? [Any] else { throw failure(field, "must be an array of strings") }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element as? String else {
                throw failure("\(field)[\(index)]", "must be a string")
            }
            result.append(text)
        }
        return result
    }

    public func optionalObject(_ field: String) throws(EventDecodingError) -> FieldReader? {
        guard let value = present(field) else { return nil }
        guard let object = value as? [String: Any] else { throw failure(field, "must be an object") }
        return nested(object, at: field)
    }

    public func objects(_ field: String) throws(EventDecodingError) -> [FieldReader] {
        guard let value = present(field) else { return [] }
        guard let array = value as? [Any] else { throw failure(field, "must be an array of objects") }
        var result: [FieldReader] = []
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else {
                throw failure("\(field)[\(index)]", "must be an object")
            }
            result.append(nested(object, at: "\(field)[\(index)]"))
        }
        return result
    }

    /// JSON `true`/`false` arrive as NSNumber too (and on Linux `1 is Bool` holds), so booleans
    /// are told apart by their stored type.
    static func isBoolean(_ number: NSNumber) -> Bool {
        let type = number.objCType
        return type[0] == CChar(UInt8(ascii: "c")) && type[1] == 0
    }
}
