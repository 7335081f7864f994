import DeliveryMetrics
import Testing

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
}
