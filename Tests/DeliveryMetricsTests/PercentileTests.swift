import DeliveryMetrics
import Testing
import ValueStreamModel

@Suite("Percentiles by linear interpolation (numpy's default)")
struct PercentileTests {
    // Expected values from numpy.percentile(values, q) with the default method "linear".
    @Test func interpolatesBetweenClosestRanks() {
        let values: [Double] = [1, 2, 3, 4]
        #expect(Percentile.of(values, 0.5) == 2.5)
        #expect(Percentile.of(values, 0.85) == 3.55)
        #expect(Percentile.of([10, 1, 7, 3, 5], 0.85) == 8.2)
    }

    @Test func singleValueIsEveryPercentile() {
        #expect(Percentile.of([42], 0.5) == 42)
        #expect(Percentile.of([42], 0.85) == 42)
    }

    @Test func noValueIsNullNotZero() {
        #expect(Percentile.of([], 0.5) == nil)
    }

    @Test func extremesAreMinimumAndMaximum() {
        #expect(Percentile.of([3, 9, 1], 0) == 1)
        #expect(Percentile.of([3, 9, 1], 1) == 9)
    }

    @Test func selectionGivesWhatSortingGives() {
        var random = SeededRandom(seed: 7)
        for count in [1, 2, 3, 10, 101, 1_000] {
            for distinctValues in [2, 5, 1_000_000] { // many ties, some, almost none
                let values = (0..<count).map { _ in Double(random.next() % UInt64(distinctValues)) }
                let sorted = values.sorted()
                // In any order, repeated: each rank is selected among what the lower ones left.
                for fractions in [[0, 0.5, 0.85, 1], [0.85, 0.5, 1, 0.3, 0.5, 0]] {
                    var reordered = values
                    let selected = Percentile.of(selectingIn: &reordered, fractions)
                    #expect(selected == fractions.map { Percentile.of(sorted: sorted, $0) }, "\(count) values, \(distinctValues) distinct, \(fractions)")
                    #expect(reordered.sorted() == sorted)
                }
            }
        }
        var none: [Double] = []
        #expect(Percentile.of(selectingIn: &none, [0.5, 0.85]) == [nil, nil])
    }
}
