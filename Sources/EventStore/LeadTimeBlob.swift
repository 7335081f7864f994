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
        var values: [Double] = []
        values.reserveCapacity(data.count / 8)
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset + 8 <= buffer.count {
                let bits = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                values.append(Double(bitPattern: UInt64(littleEndian: bits)))
                offset += 8
            }
        }
        return values
    }
}
