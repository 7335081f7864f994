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

    /// Each line of an NDJSON body that holds more than whitespace, with its number (from 1),
    /// until `body` returns false. Lines are found on the raw bytes: slicing `Data` byte by byte
    /// is slow.
    static func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Bool) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        var number = 1
        while start <= bytes.count {
            let end = memchr(base + start, 0x0A, bytes.count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }), !body(line, number) { return }
            start = end + 1
            number += 1
        }
    }

    private static func ndjson(_ body: Data) throws(EventDecodingError) -> [Item] {
        var result: [Item] = []
        var failure: EventDecodingError?
        body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            forEachLine(in: raw.bindMemory(to: UInt8.self)) { line, number in
                // The quick reader takes well-formed lines; anything else goes to Foundation's,
                // which reads it or says what is wrong.
                let value: Any
                if let quick = QuickJSONReader.value(in: line) {
                    value = quick
                } else {
                    do {
                        value = try JSONSerialization.jsonObject(with: Data(line))
                    } catch {
                        failure = EventDecodingError("line is not valid JSON (\(describe(error)))", line: number)
                        return false
                    }
                }
                guard let object = value as? [String: Any] else {
                    failure = EventDecodingError("line is not a JSON object", line: number)
                    return false
                }
                result.append(Item(object: object, line: number))
                return true
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
