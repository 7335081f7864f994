import Foundation

/// How many values fall in each of a few buckets (lead times by hour, day, week): a bar chart
/// whose bars carry their counts.
struct Histogram {
    struct Bucket {
        var label: String
        var upperBound: Double
    }

    let title: String
    let buckets: [Bucket]
    let values: [Double]

    static let leadTimeBuckets = [
        Bucket(label: "< 1 h", upperBound: 3_600), Bucket(label: "1–4 h", upperBound: 4 * 3_600),
        Bucket(label: "4–24 h", upperBound: 86_400), Bucket(label: "1–3 d", upperBound: 3 * 86_400),
        Bucket(label: "3–7 d", upperBound: 7 * 86_400), Bucket(label: "1–4 w", upperBound: 28 * 86_400),
        Bucket(label: "> 4 w", upperBound: .infinity),
    ]

    static let batchBuckets = [
        Bucket(label: "0", upperBound: 0.5), Bucket(label: "1", upperBound: 1.5), Bucket(label: "2–3", upperBound: 3.5),
        Bucket(label: "4–7", upperBound: 7.5), Bucket(label: "8–15", upperBound: 15.5), Bucket(label: "16+", upperBound: .infinity),
    ]

    var counts: [Double] {
        var counts = [Double](repeating: 0, count: buckets.count)
        for value in values {
            if let index = buckets.firstIndex(where: { value < $0.upperBound }) { counts[index] += 1 }
        }
        return counts
    }

    var chart: TrendChart {
        TrendChart(
            title: title, labels: buckets.map(\.label),
            series: [ChartSeries(name: "count", values: counts.map { $0 }, style: "series-a")], unit: .count, style: .bars
        )
    }
}
