import Foundation

/// Reading and writing RFC 3339 times, the one time format of the native events.
public enum RFC3339 {
    /// Parses `2026-03-01T12:00:00Z`, with an offset or a fraction of a second; `nil` otherwise.
    public static func date(from text: String) -> Date? {
        if let date = fastDate(text.utf8) { return date }
        guard text.count >= 20, text.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: fractional) { return date }
        return nil
    }

    /// The same as `date(from:)` for a time given as its ASCII bytes (the quick path of native
    /// ingest, which reads times where they lie in the request).
    public static func date(ascii bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        if let date = fastDate(bytes) { return date }
        return date(from: String(decoding: bytes, as: UTF8.self))
    }

    /// `2026-03-01T12:00:00Z`; fractions of a second are kept only when there are some.
    public static func string(from date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        if date.timeIntervalSince1970 == whole {
            return date.formatted(.iso8601)
        }
        return date.formatted(fractional)
    }

    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The common shape, `YYYY-MM-DDTHH:MM:SS` with an optional fraction and `Z`, read straight
    /// from the bytes (ingest parses several per event); `nil` for anything else,
    /// which the general parser then reads or refuses. Gives the same `Date` as Foundation's.
    static func fastDate<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Date? {
        var index = bytes.startIndex
        func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard index != bytes.endIndex else { return nil }
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
                index = bytes.index(after: index)
            }
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index != bytes.endIndex, bytes[index] == character else { return false }
            index = bytes.index(after: index)
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
              expect(84), let hour = digits(2), expect(58), let minute = digits(2), expect(58), let second = digits(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        var fraction = 0.0
        if expect(46) {
            var numerator = 0
            var denominator = 1
            while index != bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 {
                guard denominator < 1_000_000_000 else { return nil }
                numerator = numerator * 10 + Int(bytes[index] - 48)
                denominator *= 10
                index = bytes.index(after: index)
            }
            guard denominator > 1 else { return nil }
            fraction = Double(numerator) / Double(denominator)
        }
        // Offsets are left to the general parser, which rounds them in its own way.
        guard expect(90) else { return nil }
        guard index == bytes.endIndex else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        // As Foundation does, so that both agree to the bit: whole seconds since 2001, then the fraction.
        return Date(timeIntervalSinceReferenceDate: Double(seconds - 978_307_200) + fraction)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
    /// `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
