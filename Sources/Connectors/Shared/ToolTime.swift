import Foundation
import ValueStreamModel

/// The time formats tools put in webhook payloads (FORMATS.md §0): RFC 3339 with any offset or
/// fraction, ISO basic offsets (`+0100`, Jira), and GitLab's `2016-08-12 15:23:28 UTC` and
/// `2021-04-28 21:50:00 +0200`.
public enum ToolTime {
    public static func date(from text: String) -> Date? {
        if let date = RFC3339.date(from: text) { return date }
        // `yyyy-MM-dd HH:mm:ss <zone>`: rewritten into RFC 3339 and parsed by the same rules.
        let parts = text.split(separator: " ")
        guard parts.count == 3, parts[0].count == 10, parts[1].count >= 8 else { return nil }
        let zone: String
        switch parts[2] {
        case "UTC", "Z", "GMT": zone = "Z"
        case let offset where offset.count == 5 && (offset.first == "+" || offset.first == "-"):
            zone = "\(offset.prefix(3)):\(offset.suffix(2))"
        case let offset where offset.count == 6 && (offset.first == "+" || offset.first == "-"):
            zone = String(offset)
        default: return nil
        }
        return RFC3339.date(from: "\(parts[0])T\(parts[1])\(zone)")
    }
}
