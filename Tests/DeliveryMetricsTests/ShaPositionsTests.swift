@testable import DeliveryMetrics
import Foundation
import Testing
import ValueStreamModel

@Suite("Finding commits by sha")
struct ShaPositionsTests {
    func commits(_ shas: [String]) -> [Commit] {
        shas.map { Commit(key: EventKey(source: "git", kind: .commit, id: $0), repository: "r", sha: $0, parents: [], authoredAt: .now, committedAt: .now) }
    }

    /// Every sha answers its first position, whatever collides in the table: real shas, short
    /// ids, shas sharing their first sixteen characters, and one sha held twice.
    @Test func everyShaAnswersItsFirstPosition() {
        var shas = (0..<20_000).map { _ in (0..<40).map { _ in "0123456789abcdef".randomElement()! }.map(String.init).joined() }
        shas += (0..<500).map { "c\($0)" }
        shas += (0..<500).map { "0123456789abcdef" + String(format: "%024d", $0) }
        shas.append(shas[7])
        let positions = ShaPositions(commits(shas))
        for (position, sha) in shas.enumerated() {
            let expected = position == shas.count - 1 ? 7 : position
            #expect(positions.position(of: sha) == expected)
        }
        #expect(positions.position(of: "not-a-commit") == nil)
        #expect(positions.position(of: "") == nil)
        #expect(ShaPositions([]).position(of: "a") == nil)
    }
}
