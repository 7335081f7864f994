import ValueStreamModel

/// A request's events reduced to what is stored: within one request a later event with the same
/// key replaces (or merges into) the earlier one, so each key is written once.
public struct PreparedBatch: Sendable {
    public struct Entry: Sendable {
        public var event: DeliveryEvent
        public var mode: UpsertMode
    }

    public private(set) var entries: [Entry] = []
    /// Events that repeated an earlier one of the same request.
    public private(set) var repeatsWithinRequest = 0
    /// How many events the request held.
    public var eventCount: Int { entries.count + repeatsWithinRequest }

    public init(_ events: [IncomingEvent]) {
        var indexByKey: [EventKey: Int] = [:]
        indexByKey.reserveCapacity(events.count)
        entries.reserveCapacity(events.count)
        for incoming in events {
            let key = incoming.event.key
            if let index = indexByKey[key] {
                repeatsWithinRequest += 1
                let earlier = entries[index]
                let event = incoming.mode == .replace ? incoming.event : incoming.event.merged(into: earlier.event)
                entries[index] = Entry(event: event, mode: Self.combined(earlier.mode, incoming.mode))
            } else {
                indexByKey[key] = entries.count
                entries.append(Entry(event: incoming.event, mode: incoming.mode))
            }
        }
    }

    /// The mode of two events of one key combined: a replacement stands on its own, a merge
    /// into a replacement is still a replacement, and only two amendments stay an amendment.
    static func combined(_ earlier: UpsertMode, _ later: UpsertMode) -> UpsertMode {
        switch (earlier, later) {
        case (_, .replace), (.replace, _): .replace
        case (.amend, .amend): .amend
        default: .merge
        }
    }

    /// The event to store given what is stored under its key now; `nil` when there is nothing
    /// to store (an amendment of an event that does not exist).
    public static func resolve(_ entry: Entry, stored: DeliveryEvent?) -> DeliveryEvent? {
        switch entry.mode {
        case .replace: return entry.event
        case .merge: return stored.map(entry.event.merged(into:)) ?? entry.event
        case .amend: return stored.map(entry.event.merged(into:))
        }
    }
}
