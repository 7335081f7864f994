import Foundation

/// Writes JSON text from the plain values `NativeEventEncoder.object` makes: strings, integers,
/// arrays and objects (keys sorted, so equal events give equal text). Foundation's
/// `JSONSerialization` bridges every value to an object first, which made encoding the
/// thousand deployments of an import take longer than storing them.
enum JSONTextWriter {
    /// The value as JSON text; `nil` for a value of any other type (the caller then falls back
    /// to `JSONSerialization`).
    static func data(_ value: Any) -> Data? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        guard write(value, into: &bytes) else { return nil }
        return Data(bytes)
    }

    private static func write(_ value: Any, into bytes: inout [UInt8]) -> Bool {
        switch value {
        case let string as String:
            write(string: string, into: &bytes)
        case let integer as Int:
            bytes.append(contentsOf: String(integer).utf8)
        case let object as [String: Any]:
            bytes.append(UInt8(ascii: "{"))
            for (position, key) in object.keys.sorted().enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                write(string: key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                guard write(object[key]!, into: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        case let array as [Any]:
            bytes.append(UInt8(ascii: "["))
            for (position, element) in array.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                guard write(element, into: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "]"))
        default:
            return false
        }
        return true
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: quote, backslash and control characters escaped (RFC 8259, section 7),
    /// everything else as its UTF-8 bytes.
    private static func write(string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
