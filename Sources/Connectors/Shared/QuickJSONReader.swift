import Foundation

/// Reads well-formed JSON into the same values `JSONSerialization` gives (`String`, `NSNumber`
/// for numbers and booleans, `NSNull`, `[Any]`, `[String: Any]`), but as native Swift
/// collections straight from the bytes: ingest reads every event through here, and
/// `JSONSerialization` spends most of its time building Foundation objects and bridging them.
///
/// It gives up (returns nil) on anything unusual (invalid JSON, invalid UTF-8, integers beyond
/// 64 bits, deep nesting) so that the caller can ask `JSONSerialization`, which either reads it
/// or says exactly what is wrong. It never accepts what `JSONSerialization` refuses.
enum QuickJSONReader {
    static func value(in bytes: UnsafeBufferPointer<UInt8>) -> Any? {
        var reader = JSONCursor(bytes: bytes)
        reader.skipWhitespace()
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.isAtEnd ? value : nil
    }

    static func value(in data: Data) -> Any? {
        data.withUnsafeBytes { raw in value(in: raw.bindMemory(to: UInt8.self)) }
    }
}
