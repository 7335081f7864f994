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
        values.reserveCapacity(buffer.count / 8)
        var offset = 0
        while offset + 8 <= buffer.count {
            let bits = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            values.append(Double(bitPattern: UInt64(littleEndian: bits)))
            offset += 8
        }
        return values
    }
}
