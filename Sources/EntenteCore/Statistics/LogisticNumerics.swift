import Foundation

/// The design's rows with each predictor divided by its scale and a leading 1 for the intercept, and the sums
/// over rows that Newton's method needs. Rows are processed in two halves on two threads.
struct ScaledRows: Sendable {
    let width: Int
    let count: Int
    let values: [Double]

    init(design: RegressionDesign, scale: [Double]) {
        let p = design.predictors.count, k = p + 1, n = design.count
        var values = [Double](repeating: 1, count: n * k)
        design.values.withUnsafeBufferPointer { source in
            for row in 0..<n {
                for j in 0..<p { values[row * k + j + 1] = source[row * p + j] / scale[j] }
            }
        }
        width = k
        count = n
        self.values = values
    }

    /// Log-likelihood, score X'(y − p) and information X'WX at `beta`.
    struct Sums: Sendable {
        var logLikelihood = 0.0
        var score: [Double]
        var information: [Double]
    }

    func accumulate(beta: [Double], y: [Double]) -> Sums {
        let k = width
        let parts = inChunks { range in
            var sums = Sums(score: [Double](repeating: 0, count: k), information: [Double](repeating: 0, count: k * k))
            values.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    sums.score.withUnsafeMutableBufferPointer { score in
                        sums.information.withUnsafeMutableBufferPointer { information in
                            // Rows go through in blocks transposed to columns, so that each entry of X'WX is a dot
                            // product over contiguous memory that the compiler vectorises.
                            let block = 256
                            let columns = UnsafeMutableBufferPointer<Double>.allocate(capacity: k * block)
                            let weighted = UnsafeMutableBufferPointer<Double>.allocate(capacity: k * block)
                            defer {
                                columns.deallocate()
                                weighted.deallocate()
                            }
                            var logLikelihood = 0.0
                            var start = range.lowerBound
                            while start < range.upperBound {
                                let count = min(block, range.upperBound - start)
                                for r in 0..<count {
                                    let row = start + r, base = row * k
                                    var eta = 0.0
                                    for j in 0..<k { eta += x[base + j] * beta[j] }
                                    // ln p = −ln(1 + e^−η), ln(1 − p) = −ln(1 + e^η): stable for large |η|.
                                    let p = LogisticRegression.logistic(eta)
                                    logLikelihood += y[row] == 1 ? -softplus(-eta) : -softplus(eta)
                                    let residual = y[row] - p, weight = p * (1 - p)
                                    for i in 0..<k {
                                        let xi = x[base + i]
                                        score[i] += residual * xi
                                        columns[i * block + r] = xi
                                        weighted[i * block + r] = weight * xi
                                    }
                                }
                                // Four running sums: floating-point addition is not reassociated by the compiler, so
                                // the lanes are written out; the tail of a short block is zero-padded.
                                let padded = (count + 3) & ~3
                                for i in 0..<k {
                                    for r in count..<padded {
                                        columns[i * block + r] = 0
                                        weighted[i * block + r] = 0
                                    }
                                }
                                for i in 0..<k {
                                    for j in 0...i {
                                        var lanes = SIMD4<Double>()
                                        var r = 0
                                        while r < padded {
                                            let a = SIMD4(weighted[i * block + r], weighted[i * block + r + 1], weighted[i * block + r + 2], weighted[i * block + r + 3])
                                            let b = SIMD4(columns[j * block + r], columns[j * block + r + 1], columns[j * block + r + 2], columns[j * block + r + 3])
                                            lanes += a * b
                                            r += 4
                                        }
                                        information[i * k + j] += lanes.sum()
                                    }
                                }
                                start += count
                            }
                            sums.logLikelihood = logLikelihood
                        }
                    }
                }
            }
            return sums
        }
        var total = parts[0]
        for part in parts.dropFirst() {
            total.logLikelihood += part.logLikelihood
            for i in 0..<k { total.score[i] += part.score[i] }
            for i in 0..<(k * k) { total.information[i] += part.information[i] }
        }
        for i in 0..<k { for j in 0..<i { total.information[j * k + i] = total.information[i * k + j] } }
        return total
    }

    /// X'X, for the collinearity check.
    func gram() -> [Double] {
        let k = width
        var gram = [Double](repeating: 0, count: k * k)
        values.withUnsafeBufferPointer { x in
            for row in 0..<count {
                let base = row * k
                for i in 0..<k { for j in 0...i { gram[i * k + j] += x[base + i] * x[base + j] } }
            }
        }
        for i in 0..<k { for j in 0..<i { gram[j * k + i] = gram[i * k + j] } }
        return gram
    }

    /// King & Zeng's X'Wξ with ξ_i = ½ Q_ii (2p_i − 1) and Q_ii = x_i'(X'WX)⁻¹x_i (their eq. 11, unweighted).
    func rareEventsScore(beta: [Double], inverseInformation: [Double]) -> [Double] {
        let k = width
        var total = [Double](repeating: 0, count: k)
        values.withUnsafeBufferPointer { x in
            for row in 0..<count {
                let base = row * k
                var eta = 0.0, q = 0.0
                for i in 0..<k {
                    eta += x[base + i] * beta[i]
                    var inner = 0.0
                    for j in 0..<k { inner += inverseInformation[i * k + j] * x[base + j] }
                    q += x[base + i] * inner
                }
                let p = LogisticRegression.logistic(eta)
                let xi = 0.5 * q * (2 * p - 1)
                let factor = p * (1 - p) * xi
                for i in 0..<k { total[i] += factor * x[base + i] }
            }
        }
        return total
    }

    /// Σ_g s_g s_g' over clusters, with s_g the summed score of the cluster's rows, and the number of clusters.
    /// Clusters are summed in order of first appearance, so the result does not depend on hashing order.
    func clusterMeat(beta: [Double], y: [Double], clusters: [Int64]) -> ([Double], Int) {
        let k = width
        var index: [Int64: Int] = [:]
        var scores: [Double] = []
        values.withUnsafeBufferPointer { x in
            for row in 0..<count {
                let base = row * k
                var eta = 0.0
                for j in 0..<k { eta += x[base + j] * beta[j] }
                let residual = y[row] - LogisticRegression.logistic(eta)
                let slot: Int
                if let known = index[clusters[row]] {
                    slot = known
                } else {
                    slot = index.count
                    index[clusters[row]] = slot
                    scores.append(contentsOf: repeatElement(0, count: k))
                }
                for j in 0..<k { scores[slot * k + j] += residual * x[base + j] }
            }
        }
        var meat = [Double](repeating: 0, count: k * k)
        for slot in 0..<index.count {
            for i in 0..<k { for j in 0..<k { meat[i * k + j] += scores[slot * k + i] * scores[slot * k + j] } }
        }
        return (meat, index.count)
    }

    /// Runs `work` on two halves of the rows at once (the machine this targets has two cores) and returns both
    /// results in order; small designs stay on one thread.
    private func inChunks<T: Sendable>(_ work: @Sendable (Range<Int>) -> T) -> [T] {
        guard count >= 20_000 else { return [work(0..<count)] }
        let middle = count / 2
        let ranges = [0..<middle, middle..<count]
        let results = ResultSlots<T>(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            results.store(work(ranges[index]), at: index)
        }
        return results.values
    }
}

/// ln(1 + e^x) without overflow.
func softplus(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}

/// Slots that parallel workers each fill once, at their own index.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ value: T, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [T] { slots.map { $0! } }
}

/// The Cholesky factor L of a symmetric positive-definite matrix (A = LL'), for solving and inverting.
struct Cholesky {
    private let lower: [Double]
    private let size: Int

    /// Factors `matrix` (row-major, size × size), or nil when it is not positive definite.
    init?(_ matrix: [Double], size: Int) {
        var lower = [Double](repeating: 0, count: size * size)
        for j in 0..<size {
            var diagonal = matrix[j * size + j]
            for m in 0..<j { diagonal -= lower[j * size + m] * lower[j * size + m] }
            guard diagonal > 0, diagonal.isFinite else { return nil }
            let pivot = diagonal.squareRoot()
            lower[j * size + j] = pivot
            for i in (j + 1)..<max(j + 1, size) {
                var value = matrix[i * size + j]
                for m in 0..<j { value -= lower[i * size + m] * lower[j * size + m] }
                lower[i * size + j] = value / pivot
            }
        }
        self.lower = lower
        self.size = size
    }

    /// The factor's entry at row `i`, column `j` (zero above the diagonal).
    func lowerValue(_ i: Int, _ j: Int) -> Double { lower[i * size + j] }

    /// x with A x = b.
    func solve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<size {
            for m in 0..<i { y[i] -= lower[i * size + m] * y[m] }
            y[i] /= lower[i * size + i]
        }
        for i in stride(from: size - 1, through: 0, by: -1) {
            for m in (i + 1)..<max(i + 1, size) { y[i] -= lower[m * size + i] * y[m] }
            y[i] /= lower[i * size + i]
        }
        return y
    }

    /// A⁻¹, row-major.
    func inverse() -> [Double] {
        var inverse = [Double](repeating: 0, count: size * size)
        for column in 0..<size {
            var unit = [Double](repeating: 0, count: size)
            unit[column] = 1
            let solved = solve(unit)
            for row in 0..<size { inverse[row * size + column] = solved[row] }
        }
        return inverse
    }
}

extension LogisticFit {
    /// `count` coefficient vectors drawn from the normal approximation N(β̂, V) of the estimate, for intervals
    /// on anything computed from the coefficients (King, Tomz & Wittenberg 2000). Reproducible for a seed.
    public func coefficientDraws(count: Int, seed: UInt64) -> [[Double]] {
        let k = parameterCount
        // The covariance is positive definite for any fit that returned; the tiny ridge guards rounding.
        let factor = Cholesky(covariance, size: k) ?? Cholesky(covariance.enumerated().map { $0.offset % (k + 1) == 0 ? $0.element + 1e-12 : $0.element }, size: k)!
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let z = (0..<k).map { _ in Statistics.standardNormal(using: &generator) }
            return coefficients.enumerated().map { i, beta in beta + factor.lowerRowDot(i, z) }
        }
    }
}

extension Cholesky {
    /// Row `i` of L times `z`: one component of a correlated normal draw L z.
    func lowerRowDot(_ i: Int, _ z: [Double]) -> Double {
        (0...i).reduce(0) { $0 + lowerValue(i, $1) * z[$1] }
    }
}
