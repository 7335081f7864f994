import Foundation

/// Lead times stored as little-endian 64-bit floats: compact, and read back without parsing.
public enum LeadTimeBlob {
    public static func encode(_ values: [Double]) -> Data {
        var data = Data(capacity: values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    public static func decode(_ data: Data) -> [Double] {
        data.withUnsafeBytes(decode)
    }

    /// The same from bytes where they lie (a row's blob, read without copying it first).
    public static func decode(_ buffer: UnsafeRawBufferPointer) -> [Double] {
        var values: [Double] = []
        decode(buffer, appendingTo: &values)
        return values
    }

    /// The same appended to `values` (a report's runs of lead times, one day after another):
    /// the values are made room for at once and written in place, not appended one by one.
    public static func decode(_ buffer: UnsafeRawBufferPointer, appendingTo values: inout [Double]) {
        let count = buffer.count / 8
        let start = values.count
        values.append(contentsOf: repeatElement(0, count: count))  // grows geometrically
        values.withUnsafeMutableBufferPointer { output in
            for index in 0..<count {
                let bits = buffer.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
                output[start + index] = Double(bitPattern: UInt64(littleEndian: bits))
            }
        }
    }
}
