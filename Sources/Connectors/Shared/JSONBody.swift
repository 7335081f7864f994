import Foundation

/// The JSON objects of a request body, each with the line (NDJSON) or position (array) that
/// error messages name.
public enum JSONBody {
    public struct Item {
        public var object: [String: Any]
        public var line: Int
    }

    /// Reads one object, an array of objects, or NDJSON (chosen by `contentType`, or by the body
    /// when that says JSON but holds several lines of objects).
    public static func objects(in body: Data, contentType: String?) throws(EventDecodingError) -> [Item] {
        let isNDJSON = contentType.map(isNDJSONType) ?? false
        if isNDJSON { return try ndjson(body) }
        if let value = QuickJSONReader.value(in: body) { return try items(from: value) }
        do {
            let value = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
            return try items(from: value)
        } catch let error as EventDecodingError {
            throw error
        } catch {
            if let lines = try? ndjson(body), lines.count > 1 { return lines }
            throw EventDecodingError("the body is not valid JSON (\(describe(error)))", line: 1)
        }
    }

    static func isNDJSONType(_ contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.contains("ndjson") || type.contains("jsonl") || type.contains("json-seq")
    }

    private static func items(from value: Any) throws(EventDecodingError) -> [Item] {
        if let object = value as? [String: Any] { return [Item(object: object, line: 1)] }
        guard let array = value as? [Any] else {
            throw EventDecodingError("expected an event object or an array of them", line: 1)
        }
        var result: [Item] = []
        result.reserveCapacity(array.count)
        for (index, element) in array.enumerated() {
            guard let object = element as? [String: Any] else {
                throw EventDecodingError("array element is not a JSON object", line: index + 1)
            }
            result.append(Item(object: object, line: index + 1))
        }
        return result
    }

    private static func ndjson(_ body: Data) throws(EventDecodingError) -> [Item] {
        // Line boundaries found on the raw bytes first: slicing `Data` byte by byte is slow.
        var ranges: [Range<Int>] = []
        body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
                ranges.append(start..<index)
                start = index + 1
            }
            ranges.append(start..<bytes.count)
        }
        var result: [Item] = []
        result.reserveCapacity(ranges.count)
        var failure: EventDecodingError?
        body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            for (offset, range) in ranges.enumerated() {
                let line = UnsafeBufferPointer(rebasing: bytes[range])
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                // The quick reader takes well-formed lines; anything else goes to Foundation's,
                // which reads it or says what is wrong.
                let value: Any
                if let quick = QuickJSONReader.value(in: line) {
                    value = quick
                } else {
                    do {
                        value = try JSONSerialization.jsonObject(with: Data(line))
                    } catch {
                        failure = EventDecodingError("line is not valid JSON (\(describe(error)))", line: offset + 1)
                        return
                    }
                }
                guard let object = value as? [String: Any] else {
                    failure = EventDecodingError("line is not a JSON object", line: offset + 1)
                    return
                }
                result.append(Item(object: object, line: offset + 1))
            }
        }
        if let failure { throw failure }
        if result.isEmpty { throw EventDecodingError("the body holds no event", line: 1) }
        return result
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
