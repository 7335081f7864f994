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

    /// Lead times of 90 days, each day's sorted apart: every fraction gives exactly what sorting
    /// all of them gives. With ties, empty days, a single value, zeros of both signs, negative
    /// values, values spanning seconds to years.
    @Test func sortedRunsGiveWhatSortingEverythingGives() {
        var random = SeededRandom(seed: 11)
        let fractions = [0, 0.5, 0.85, 1, 0.25, 0.999, 0.001]
        func check(_ runs: [[Double]], _ label: String) {
            let merged = runs.flatMap { $0 }.sorted()
            let selected = Percentile.of(sortedRuns: SortedRuns(runs), fractions)
            #expect(selected == fractions.map { Percentile.of(sorted: merged, $0) }, "\(label)")
        }
        for (dayCount, perDay) in [(1, 1), (1, 2), (2, 1), (90, 0), (90, 3), (90, 300), (7, 2_000)] {
            for distinct in [1, 3, 50, 0] {  // 0: lead times drawn log-normally, almost no ties
                let runs = (0..<dayCount).map { day -> [Double] in
                    let count = day % 7 == 3 ? 0 : perDay + Int(random.next() % 3)
                    return (0..<count).map { _ in
                        distinct == 0 ? random.logNormal(median: 40_000, sigma: 2.5) : Double(random.next() % UInt64(distinct)) * 3_600
                    }.sorted()
                }
                check(runs, "\(dayCount) days of about \(perDay), \(distinct) distinct")
            }
        }
        check([[-0.0, 0.0, 0.0], [0.0, -0.0], [1]], "zeros of both signs")
        check([[-5, -1, 0], [-3, 2], [], [7]], "negative values")
        check([[1e-3, 1, 3e7, 1e9], [0.5, 2e8]], "seconds to years")
        check([[42]], "one value")
        #expect(Percentile.of(sortedRuns: SortedRuns([[], []]), [0.5]) == [nil])
        var runs = SortedRuns()
        runs.append(sorted: [9.0, 1, 2, 3, 9][1..<4])
        runs.append(sorted: [Double]())
        runs.append(sorted: [0.0, 5, 6][1...])
        #expect(runs.count == 5)
        #expect(Percentile.of(sortedRuns: runs, [0, 0.5, 1]) == [1, 3, 6])
    }
}
