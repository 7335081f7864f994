import Foundation

/// The typed reading of one object's fields that building an event needs: from a `FieldReader`
/// (any JSON, errors that name the line and field) or a `ScannedObject` (the quick path of
/// native ingest, which builds nothing it is not asked for). Code written once against this
/// reads the same event from either.
protocol EventFields {
    func has(_ field: String) -> Bool
    func failure(_ field: String, _ message: String) -> EventDecodingError
    func string(_ field: String) throws(EventDecodingError) -> String
    func optionalString(_ field: String) throws(EventDecodingError) -> String?
    func date(_ field: String) throws(EventDecodingError) -> Date
    func optionalDate(_ field: String) throws(EventDecodingError) -> Date?
    func int(_ field: String) throws(EventDecodingError) -> Int
    func optionalInt(_ field: String) throws(EventDecodingError) -> Int?
    func strings(_ field: String) throws(EventDecodingError) -> [String]
    func optionalStrings(_ field: String) throws(EventDecodingError) -> [String]?
    func choice<Value: RawRepresentable & CaseIterable>(_ field: String, as type: Value.Type) throws(EventDecodingError) -> Value
    where Value.RawValue == String
    func optionalObject(_ field: String) throws(EventDecodingError) -> Self?
    func objects(_ field: String) throws(EventDecodingError) -> [Self]
}

extension FieldReader: EventFields {}
