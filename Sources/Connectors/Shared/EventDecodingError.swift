/// Why a request's events could not be read: the first bad event, by line (NDJSON) or position
/// (array), both counted from 1, and the field at fault when there is one.
public struct EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var field: String?

    public init(_ message: String, line: Int, field: String? = nil) {
        self.message = message
        self.line = line
        self.field = field
    }

    public var description: String {
        if let field { return "line \(line), field `\(field)`: \(message)" }
        return "line \(line): \(message)"
    }
}
