import Foundation

/// The typed reading of one object's fields that building an event needs: from a `FieldReader`
/// (any JSON, errors that name the line and field) or a `ScannedObject` (the quick path of
/// native ingest, which builds nothing it is not asked for). Each reader gives the optional
/// forms; the required forms and choices are written once, here, on top of them. Code written
/// against this reads the same event from either.
public protocol EventFields {
    func has(_ field: String) -> Bool
    func failure(_ field: String, _ message: String) -> EventDecodingError
    func optionalString(_ field: String) throws(EventDecodingError) -> String?
    func optionalDate(_ field: String) throws(EventDecodingError) -> Date?
    func optionalInt(_ field: String) throws(EventDecodingError) -> Int?
    func optionalStrings(_ field: String) throws(EventDecodingError) -> [String]?
    func optionalObject(_ field: String) throws(EventDecodingError) -> Self?
    func objects(_ field: String) throws(EventDecodingError) -> [Self]
}

extension EventFields {
    public func string(_ field: String) throws(EventDecodingError) -> String {
        guard let value = try optionalString(field) else { throw failure(field, "is required") }
        return value
    }

    public func date(_ field: String) throws(EventDecodingError) -> Date {
        guard let value = try optionalDate(field) else { throw failure(field, "is required (an RFC 3339 time)") }
        return value
    }

    public func int(_ field: String) throws(EventDecodingError) -> Int {
        guard let value = try optionalInt(field) else { throw failure(field, "is required (an integer)") }
        return value
    }

    public func strings(_ field: String) throws(EventDecodingError) -> [String] {
        try optionalStrings(field) ?? []
    }

    public func choice<Value: RawRepresentable & CaseIterable>(_ field: String, as type: Value.Type) throws(EventDecodingError) -> Value
    where Value.RawValue == String {
        guard let value = try optionalChoice(field, as: type) else {
            throw failure(field, "is required (one of \(choices(type)))")
        }
        return value
    }

    public func optionalChoice<Value: RawRepresentable & CaseIterable>(_ field: String, as type: Value.Type) throws(EventDecodingError) -> Value?
    where Value.RawValue == String {
        guard let text = try optionalString(field) else { return nil }
        guard let value = Value(rawValue: text) else {
            throw failure(field, "\"\(text)\" is not one of \(choices(type))")
        }
        return value
    }

    private func choices<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> String where Value.RawValue == String {
        Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }
}

extension FieldReader: EventFields {}
