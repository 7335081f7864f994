@testable import Connectors
import Foundation
import Testing
import ValueStreamModel

/// The quick path of native NDJSON (`ScannedObject`) against the general one (`FieldReader` over
/// `QuickJSONReader`): for every line, either both give the same events or the quick path steps
/// aside and the error is the general reader's.
@Suite("native events, quick path")
struct ScannedEventsTests {
    let decoder = NativeEventDecoder()

    /// Every kind with every field EVENTS.md gives it.
    static let lines = [
        #"{"kind":"commit","id":"c1","source":"github","repository":"github.com/acme/checkout","sha":"a1","parents":["p1","p2"],"authoredAt":"2026-03-01T09:00:00Z","committedAt":"2026-03-01T09:05:00.250Z","author":"Ada","message":"PAY-12 fix rounding, see OPS-7","files":["a.swift","b/c.swift"]}"#,
        #"{"kind":"pull_request","id":"pr7","repository":"github.com/acme/checkout","number":7,"openedAt":"2026-03-01T08:00:00Z","title":"PAY-12 rounding","firstCommitAt":"2026-03-01T07:00:00Z","firstReviewAt":"2026-03-01T10:00:00Z","mergedAt":"2026-03-01T11:00:00Z","closedAt":"2026-03-01T11:00:00Z","mergeCommitSha":"m1","headSha":"h1","baseBranch":"main","commits":["a1","a2"],"workItems":["PAY-9"],"additions":120,"deletions":-0}"#,
        #"{"kind":"pipeline_run","id":"r1","repository":"github.com/acme/checkout","service":"checkout","pipeline":"ci","sha":"a1","queuedAt":"2026-03-01T09:10:00Z","startedAt":"2026-03-01T09:11:00Z","finishedAt":"2026-03-01T09:20:00Z","result":"success"}"#,
        #"{"kind":"deployment","id":"d1","service":"checkout","environment":"production","sha":"a1","repository":"github.com/acme/checkout","startedAt":"2026-03-01T14:50:00Z","finishedAt":"2026-03-01T15:00:00Z","result":"success","rollbackOf":"d0","remediates":["i0"]}"#,
        #"{"kind":"incident","id":"i1","service":"checkout","services":["payments"],"openedAt":"2026-03-01T16:00:00Z","resolvedAt":"2026-03-01T17:30:00Z","severity":"sev2","title":"PAY down","causedBy":{"deployment":"d1"}}"#,
        #"{"kind":"incident","id":"i2","services":["checkout","payments"],"openedAt":"2026-03-01T16:00:00Z","causedBy":{"sha":"a1"}}"#,
        #"{"kind":"work_item","id":"w1","key":"PAY-12","type":"defect","createdAt":"2026-02-27T09:00:00Z","transitions":[{"status":"In Progress","at":"2026-02-28T09:00:00Z"},{"status":"Done","at":"2026-03-01T15:00:00Z"}],"title":"Rounding","service":"checkout","team":"payments"}"#,
    ]

    /// What each member's value is replaced by, one at a time: types the field does not take,
    /// values only the general reader decides on, and values both must read alike.
    static let replacements = [
        "null", #""""#, #"" \t""#, "7", "7.0", "1e2", "-3", "1234567890123456", "true", "false", "[]", "{}", #"["x"]"#,
        #"[{"status":"s","at":"2026-03-01T09:00:00Z"}]"#, #"{"deployment":"d9"}"#, #"{"sha":"s9","extra":[1,{"a":null}]}"#,
        #""2026-03-01T09:00:00+02:00""#, #""2026-03-01T09:00:00.5Z""#, #""2026-02-30T09:00:00Z""#, #""yesterday""#,
        #""caf\u00e9""#, #""caf\u00e9 \"quoted\"""#, "\"café\"", #""\u0041B-1 tab\tend""#, #""success""#, #""feature""#,
        #"["a","b\u00e9",3]"#, #"[" "]"#,
    ]

    enum Outcome: Equatable {
        case events([DeliveryEvent])
        case failure(EventDecodingError)
    }

    static func request(_ body: String) -> RawRequest {
        RawRequest(channel: "native", headers: ["Content-Type": "application/x-ndjson"], body: Data(body.utf8))
    }

    func outcome(_ read: () throws(EventDecodingError) -> [IncomingEvent]) -> Outcome {
        do {
            return .events(try read().map(\.event))
        } catch {
            return .failure(error)
        }
    }

    /// The general reader's answer.
    func general(_ body: String) -> Outcome { outcome { () throws(EventDecodingError) in try decoder.generalEvents(Self.request(body)) } }

    /// What the decoder answers: the quick path's events, or the general reader's.
    func quick(_ body: String) -> Outcome { outcome { () throws(EventDecodingError) in try decoder.decode(Self.request(body)) } }

    /// `line` with the value of member `name` replaced: the members are found by reading the
    /// line as JSON and writing it back (sorted keys), so that every member is reached.
    static func variants(of line: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        var result: [String] = []
        for name in object.keys.sorted() {
            var others = object
            others.removeValue(forKey: name)
            let rest = String(decoding: try JSONSerialization.data(withJSONObject: others, options: [.sortedKeys]), as: UTF8.self)
            for replacement in replacements {
                let member = "\"\(name)\":\(replacement)"
                result.append(rest == "{}" ? "{\(member)}" : "{\(member)," + rest.dropFirst())
            }
        }
        return result
    }

    @Test func everyKindIsReadOnTheQuickPathAsTheGeneralReaderReadsIt() throws {
        for line in Self.lines {
            let scanned = try #require(NativeEventDecoder.scannedEvents(in: Data(line.utf8)), "\(line)")
            #expect(Outcome.events(scanned.map(\.event)) == general(line), "\(line)")
        }
        let body = Self.lines.joined(separator: "\r\n") + "\n\n  \n"
        #expect(NativeEventDecoder.scannedEvents(in: Data(body.utf8))?.count == Self.lines.count)
        #expect(quick(body) == .events(Self.lines.flatMap { line -> [DeliveryEvent] in
            guard case .events(let events) = general(line) else { return [] }
            return events
        }))
    }

    @Test func everyValueOfEveryFieldIsReadAsTheGeneralReaderReadsIt() throws {
        var takenQuickly = 0, leftToGeneral = 0, refused = 0
        for line in Self.lines {
            for variant in try Self.variants(of: line) {
                let expected = general(variant)
                #expect(quick(variant) == expected, "\(variant)")
                if NativeEventDecoder.scannedEvents(in: Data(variant.utf8)) != nil {
                    takenQuickly += 1
                    guard case .events = expected else {
                        Issue.record("the quick path read what the general reader refuses: \(variant)")
                        continue
                    }
                } else {
                    leftToGeneral += 1
                }
                if case .failure = expected { refused += 1 }
            }
        }
        // Both paths and both outcomes were exercised.
        #expect(takenQuickly > 100)
        #expect(leftToGeneral > 100)
        #expect(refused > 100)
    }

    /// Repeated names (the last wins), unknown members and whitespace stay on the quick path;
    /// trailing text, a trailing comma, an escaped name, a control character and a cut line
    /// are left to the general reader. Either way the answer is the general reader's.
    @Test(arguments: [
        (#"{"kind":"commit","id":"c","kind":"deployment","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success"}"#, true),
        (#"{"kind":"deployment","id":"d","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success","extra":{"deep":[[[]]]},"n":-1.5e3}"#, true),
        (#" {"kind" : "deployment" , "id":"d","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success"}"# + "\t", true),
        (#"{"kind":"deployment","id":"d","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success"} {}"#, false),
        (#"{"kind":"deployment","id":"d","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success",}"#, false),
        (#"{"k\u0069nd":"deployment","id":"d","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success"}"#, false),
        ("{\"kind\":\"deployment\",\"id\":\"d\",\"service\":\"s\u{01}\",\"environment\":\"p\",\"sha\":\"a\",\"finishedAt\":\"2026-03-01T09:00:00Z\",\"result\":\"success\"}", false),
        (#"{"kind":"deployment","id":"d","service":"s","environment":"p","sha":"a","finishedAt":"2026-03-01T09:00:00Z","result":"success""#, false),
    ])
    func unusualLinesAreReadAsTheGeneralReaderReadsThem(line: String, staysOnTheQuickPath: Bool) {
        #expect(quick(line) == general(line))
        #expect((NativeEventDecoder.scannedEvents(in: Data(line.utf8)) != nil) == staysOnTheQuickPath)
    }

    @Test func aLineLeftToTheGeneralReaderTakesTheWholeBodyThere() throws {
        // `7.0` is an integer to the general reader; the quick path leaves numbers with a fraction to it.
        let pullRequest = Self.lines[1].replacingOccurrences(of: #""number":7"#, with: #""number":7.0"#)
        let body = Self.lines[3] + "\n" + pullRequest
        #expect(NativeEventDecoder.scannedEvents(in: Data(body.utf8)) == nil)
        guard case .events(let first) = general(Self.lines[3]), case .events(let second) = general(pullRequest) else {
            Issue.record("the general reader refused a line it reads")
            return
        }
        #expect(quick(body) == .events(first + second))
        guard case .pullRequest(let read) = try #require(second.first) else { Issue.record("not a pull request"); return }
        #expect(read.number == 7)
    }
}
