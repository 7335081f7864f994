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
        var result: [Item] = []
        var lineNumber = 0
        var start = body.startIndex
        while start <= body.endIndex {
            let end = body[start...].firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
            lineNumber += 1
            let line = body[start..<end]
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                let value: Any
                do {
                    value = try JSONSerialization.jsonObject(with: Data(line))
                } catch {
                    throw EventDecodingError("line is not valid JSON (\(describe(error)))", line: lineNumber)
                }
                guard let object = value as? [String: Any] else {
                    throw EventDecodingError("line is not a JSON object", line: lineNumber)
                }
                result.append(Item(object: object, line: lineNumber))
            }
            if end == body.endIndex { break }
            start = body.index(after: end)
        }
        if result.isEmpty { throw EventDecodingError("the body holds no event", line: 1) }
        return result
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
