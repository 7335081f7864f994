import Foundation

/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so that a
/// generated organisation is the same on every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// Log-normal with the given median and shape (sigma of the underlying normal).
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u = max(unit(), 1e-12)
        return sqrt(-2 * log(u)) * cos(2 * .pi * unit())
    }

    /// Geometric number of extra items with the given mean (0, 1, 2, …).
    public mutating func geometric(mean: Double) -> Int {
        let p = 1 / (1 + mean)
        return Int(log(max(unit(), 1e-12)) / log(1 - p))
    }

    /// Poisson by inversion (small means) or normal approximation (large means).
    public mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + sqrt(mean) * normal()).rounded())) }
        let limit = exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            product *= unit()
            count += 1
        }
        return count
    }

    /// A 40-hex-digit sha.
    public mutating func sha() -> String {
        (0..<5).map { _ in String(format: "%08x", UInt32(truncatingIfNeeded: next())) }.joined()
    }
}
