import Foundation
import ValueStreamModel

/// Typed access to one JSON object's fields, throwing errors that name the line and the field
/// (dotted for nested objects) and say what is wrong.
public struct FieldReader {
    public let object: [String: Any]
    public let line: Int
    public let path: String

    public init(_ object: [String: Any], line: Int, path: String = "") {
        self.object = object
        self.line = line
        self.path = path
    }

    func name(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }

    func failure(_ field: String, _ message: String) -> EventDecodingError {
        EventDecodingError(message, line: line, field: name(field))
    }

    private func present(_ field: String) -> Any? {
        guard let value = object[field], !(value is NSNull) else { return nil }
        return value
    }

    public func has(_ field: String) -> Bool { present(field) != nil }

    public func string(_ field: String) throws(EventDecodingError) -> String {
        guard let value = try optionalString(field) else { throw failure(field, "is required") }
        return value
    }

    public func optionalString(_ field: String) throws(EventDecodingError) -> String? {
        guard let value = present(field) else { return nil }
        guard let text = value as? String else { throw failure(field, "must be a string") }
        guard text.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { throw failure(field, "must not be empty") }
        return text
    }

    public func date(_ field: String) throws(EventDecodingError) -> Date {
        guard let value = try optionalDate(field) else { throw failure(field, "is required (an RFC 3339 time)") }
        return value
    }

    public func optionalDate(_ field: String) throws(EventDecodingError) -> Date? {
        guard let value = present(field) else { return nil }
        guard let text = value as? String else { throw failure(field, "must be an RFC 3339 time string") }
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

    public func int(_ field: String) throws(EventDecodingError) -> Int {
        guard let value = try optionalInt(field) else { throw failure(field, "is required (an integer)") }
        return value
    }

    public func strings(_ field: String) throws(EventDecodingError) -> [String] {
        try optionalStrings(field) ?? []
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

    public func choice<Value: RawRepresentable>(_ field: String, as type: Value.Type) throws(EventDecodingError) -> Value
    where Value.RawValue == String, Value: CaseIterable {
        guard let value = try optionalChoice(field, as: type) else {
            throw failure(field, "is required (one of \(Self.choices(type)))")
        }
        return value
    }

    public func optionalChoice<Value: RawRepresentable>(_ field: String, as type: Value.Type) throws(EventDecodingError) -> Value?
    where Value.RawValue == String, Value: CaseIterable {
        guard let text = try optionalString(field) else { return nil }
        guard let value = Value(rawValue: text) else {
            throw failure(field, "\"\(text)\" is not one of \(Self.choices(type))")
        }
        return value
    }

    public func optionalObject(_ field: String) throws(EventDecodingError) -> FieldReader? {
        guard let value = present(field) else { return nil }
        guard let nested = value as? [String: Any] else { throw failure(field, "must be an object") }
        return FieldReader(nested, line: line, path: name(field))
    }

    public func objects(_ field: String) throws(EventDecodingError) -> [FieldReader] {
        guard let value = present(field) else { return [] }
        guard let array = value as? [Any] else { throw failure(field, "must be an array of objects") }
        var result: [FieldReader] = []
        for (index, element) in array.enumerated() {
            guard let nested = element as? [String: Any] else {
                throw failure("\(field)[\(index)]", "must be an object")
            }
            result.append(FieldReader(nested, line: line, path: name("\(field)[\(index)]")))
        }
        return result
    }

    /// JSON `true`/`false` arrive as NSNumber too (and on Linux `1 is Bool` holds), so booleans
    /// are told apart by their stored type.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    private static func choices<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> String
    where Value.RawValue == String {
        Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }
}
