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

    public init(_ events: [IncomingEvent]) {
        var indexByKey: [EventKey: Int] = [:]
        entries.reserveCapacity(events.count)
        for incoming in events {
            let key = incoming.event.key
            if let index = indexByKey[key] {
                repeatsWithinRequest += 1
                let earlier = entries[index]
                let event = incoming.mode == .merge ? incoming.event.merged(into: earlier.event) : incoming.event
                entries[index] = Entry(event: event, mode: earlier.mode == .merge && incoming.mode == .merge ? .merge : .replace)
            } else {
                indexByKey[key] = entries.count
                entries.append(Entry(event: incoming.event, mode: incoming.mode))
            }
        }
    }

    /// The event to store given what is stored under its key now.
    public static func resolve(_ entry: Entry, stored: DeliveryEvent?) -> DeliveryEvent {
        guard entry.mode == .merge, let stored else { return entry.event }
        return entry.event.merged(into: stored)
    }
}
