import ValueStreamModel

/// Where each sha stands in a history's commits: the lookup a commit graph makes for every
/// commit and every parent it walks. A `[String: Int]` hashes each sha's forty bytes with
/// SipHash on every insert and lookup; here a sha's first sixteen bytes (shas are already
/// uniformly random) are mixed with a per-process seed by a few multiplies, into an
/// open-addressed table of positions. A hit always compares the whole sha, so a collision
/// costs a probe, never a wrong answer. A sha held twice (one commit in two repositories)
/// answers its first position.
struct ShaPositions {
    private let commits: [Commit]
    /// Position + 1 of the commit in each slot; 0 for an empty slot.
    private var slots: [Int32]
    private let mask: Int
    private static let seed = UInt64.random(in: 1...UInt64.max)

    init(_ commits: [Commit]) {
        self.commits = commits
        var capacity = 16
        while capacity < commits.count * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        for position in commits.indices {
            var slot = Self.hash(commits[position].sha) & mask
            while true {
                let occupant = Int(slots[slot]) - 1
                if occupant < 0 {
                    slots[slot] = Int32(position + 1)
                    break
                }
                if commits[occupant].sha == commits[position].sha { break }
                slot = (slot + 1) & mask
            }
        }
    }

    func position(of sha: String) -> Int? {
        var slot = Self.hash(sha) & mask
        while true {
            let occupant = Int(slots[slot]) - 1
            if occupant < 0 { return nil }
            if commits[occupant].sha == sha { return occupant }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ sha: String) -> Int {
        var sha = sha
        let mixed = sha.withUTF8 { bytes -> UInt64 in
            var value = seed ^ UInt64(bytes.count)
            var index = 0
            while index < min(bytes.count, 16) {
                value = (value ^ UInt64(bytes[index])) &* 0x100_0000_01B3
                index += 1
            }
            return value
        }
        // The high bits of a product mix best: fold them down.
        return Int(truncatingIfNeeded: (mixed &* 0x9E37_79B9_7F4A_7C15) >> 16)
    }
}
