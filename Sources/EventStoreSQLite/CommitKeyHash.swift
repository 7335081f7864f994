/// A commit's key (source and id) folded into 64 bits: what the `commits_by_key_hash` index
/// holds instead of the key's text. An import inserts its commits at random places of that
/// index (a sha is random), so every batch rewrites most of its pages; 8-byte entries instead
/// of the key's 50-odd bytes make it a third of the size. Two keys may share a hash, so every
/// lookup also compares source and id.
///
/// The function is FNV-1a (64-bit; Fowler, Noll and Vo, http://www.isthe.com/chongo/tech/comp/fnv/)
/// over the source's UTF-8, a unit separator (0x1F) and the id's UTF-8, read as a signed
/// integer. It is stored on disk: changing it needs a migration that recomputes the column.
enum CommitKeyHash {
    static func of(source: String, id: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func fold(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var source = source, id = id
        source.withUTF8 { for byte in $0 { fold(byte) } }
        fold(0x1F)
        id.withUTF8 { for byte in $0 { fold(byte) } }
        return Int64(bitPattern: hash)
    }

    /// The SQL function `commit_key_hash(source, id)`, for the migration that fills the column.
    static let sqlFunctionName = "commit_key_hash"
}
