@testable import Connectors
import Foundation
import Testing

@Suite("quick JSON reader")
struct QuickJSONReaderTests {
    /// The same value as Foundation's, compared through Foundation's own sorted serialisation.
    func sameAsFoundation(_ data: Data) throws -> Bool {
        guard let quick = QuickJSONReader.value(in: data) else { return false }
        let foundation = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
        return try JSONSerialization.data(withJSONObject: quick, options: options)
            == JSONSerialization.data(withJSONObject: foundation, options: options)
    }

    @Test func readsEveryRealPayloadAsFoundationDoes() throws {
        var read = 0
        for directory in ["webhooks", "cdevents/conformance"] {
            for file in try Fixtures.files(in: directory) {
                let data = try Fixtures.data("\(directory)/\(file)")
                #expect(try sameAsFoundation(data), "\(directory)/\(file)")
                read += 1
            }
        }
        #expect(read > 40)
    }

    @Test(arguments: [
        #"{"a":"caf\u00e9 \ud83d\ude80 \"q\" \\ \/ \n\t","b":[1,-2,3.5,1e3,-0,0.25E-2,true,false,null],"c":{}}"#,
        #"[{"x":[]},{"y":{"z":[[1]]}}]"#,
        #"{"big":9223372036854775807,"neg":-9223372036854775808}"#,
        "  {\"spaced\" : [ 1 , 2 ] }  \n",
    ])
    func readsEdgeCasesAsFoundationDoes(text: String) throws {
        #expect(try sameAsFoundation(Data(text.utf8)))
    }

    @Test(arguments: [
        "{\"a\":1,}", "[1,]", "{\"a\" 1}", "01", "1.", ".5", "1e", "-", "tru", "nul", "\"open",
        "{\"a\":\"\u{01}\"}", #""\x""#, #""\ud83d""#, #""\ude80""#, "{} {}", "99999999999999999999", "NaN",
    ])
    func givesUpOnWhatIsNotPlainJSON(text: String) {
        #expect(QuickJSONReader.value(in: Data(text.utf8)) == nil)
    }

    @Test func givesUpOnInvalidUTF8() {
        #expect(QuickJSONReader.value(in: Data([0x22, 0xC3, 0x28, 0x22])) == nil)
    }

    @Test func booleansStayBooleansAndNumbersNumbers() throws {
        let object = try #require(QuickJSONReader.value(in: Data(#"{"t":true,"one":1,"half":0.5}"#.utf8)) as? [String: Any])
        let reader = FieldReader(object, line: 1)
        #expect(try reader.optionalBool("t") == true)
        #expect(try reader.optionalInt("one") == 1)
        #expect(throws: EventDecodingError.self) { try reader.optionalBool("one") }
        #expect(throws: EventDecodingError.self) { try reader.optionalInt("t") }
        #expect(throws: EventDecodingError.self) { try reader.optionalInt("half") }
    }
}
