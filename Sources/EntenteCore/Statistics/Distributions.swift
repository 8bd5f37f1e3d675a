import Foundation

/// Cumulative distribution functions and the normal quantile, for p-values and confidence intervals.
///
/// The F, Student t and chi-squared functions rest on the regularized incomplete beta and gamma functions,
/// evaluated by Lentz's continued fractions (and a series for the gamma function's lower part), to about 1e-13
/// relative for moderate degrees of freedom. Each lower tail has an upper-tail twin computed directly rather than
/// as one minus the lower tail, so that a p-value of 1e-12 keeps its digits instead of rounding to 0.
public enum Distributions {
    /// The standard normal CDF, P(Z ≤ z).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The standard normal upper tail, P(Z > z), accurate far into the tail.
    public static func normalSurvival(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// The z with P(Z ≤ z) = p: Wichura's algorithm AS 241 (PPND16), accurate to about 1e-16 relative.
    /// Returns -infinity at 0, +infinity at 1 and NaN outside [0, 1].
    public static func normalQuantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            return p == 0 ? -.infinity : p == 1 ? .infinity : .nan
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * polynomial(r, [3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3,
                                      1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
                                      3.3430575583588128105e4, 2.5090809287301226727e3])
                / polynomial(r, [1, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
                                 2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4,
                                 5.2264952788528545610e3])
        }
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let z: Double
        if r <= 5 {
            r -= 1.6
            z = polynomial(r, [1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                               3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                               2.27238449892691845833e-2, 7.74545014278341407640e-4])
                / polynomial(r, [1, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                                 1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                                 1.05075007164441684324e-9])
        } else {
            r -= 5
            z = polynomial(r, [6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
                               2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                               2.71155556874348757815e-5, 2.01033439929228813265e-7])
                / polynomial(r, [1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                                 7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
                                 2.04426310338993978564e-15])
        }
        return q < 0 ? -z : z
    }

    /// The CDF of Snedecor's F with `d1` numerator and `d2` denominator degrees of freedom.
    public static func fCDF(_ f: Double, d1: Double, d2: Double) -> Double {
        fTails(f, d1: d1, d2: d2).lower
    }

    /// The upper tail P(F > f): the p-value of an F test.
    public static func fSurvival(_ f: Double, d1: Double, d2: Double) -> Double {
        fTails(f, d1: d1, d2: d2).upper
    }

    /// The CDF of Student's t with `degreesOfFreedom`.
    public static func studentTCDF(_ t: Double, degreesOfFreedom: Double) -> Double {
        let half = studentTTwoSidedPValue(t, degreesOfFreedom: degreesOfFreedom) / 2
        return t < 0 ? half : 1 - half
    }

    /// The two-sided p-value P(|T| ≥ |t|) of a t statistic.
    public static func studentTTwoSidedPValue(_ t: Double, degreesOfFreedom: Double) -> Double {
        guard !t.isNaN, degreesOfFreedom > 0 else { return .nan }
        guard t.isFinite else { return 0 }
        // P(|T| ≥ |t|) = I_x(ν/2, 1/2) with x = ν / (ν + t²); 1 − x is formed separately to keep small t exact.
        let denominator = degreesOfFreedom + t * t
        return regularizedBeta(x: degreesOfFreedom / denominator, complement: t * t / denominator,
                               a: degreesOfFreedom / 2, b: 0.5).lower
    }

    /// The CDF of chi-squared with `degreesOfFreedom`.
    public static func chiSquaredCDF(_ x: Double, degreesOfFreedom: Double) -> Double {
        regularizedGamma(a: degreesOfFreedom / 2, x: x / 2).lower
    }

    /// The upper tail P(X > x) of chi-squared: the p-value of a chi-squared test.
    public static func chiSquaredSurvival(_ x: Double, degreesOfFreedom: Double) -> Double {
        regularizedGamma(a: degreesOfFreedom / 2, x: x / 2).upper
    }

    /// The regularized incomplete beta function I_x(a, b) (the Beta(a, b) CDF at x).
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        regularizedBeta(x: x, complement: 1 - x, a: a, b: b).lower
    }

    /// The regularized lower incomplete gamma function P(a, x) (the Gamma(a, 1) CDF at x).
    public static func regularizedLowerGamma(_ a: Double, x: Double) -> Double {
        regularizedGamma(a: a, x: x).lower
    }

    // MARK: - Implementation

    private static func fTails(_ f: Double, d1: Double, d2: Double) -> (lower: Double, upper: Double) {
        guard !f.isNaN, d1 > 0, d2 > 0 else { return (.nan, .nan) }
        guard f > 0 else { return (0, 1) }
        guard f.isFinite else { return (1, 0) }
        // P(F ≤ f) = I_x(d1/2, d2/2) with x = d1·f / (d1·f + d2).
        let denominator = d1 * f + d2
        return regularizedBeta(x: d1 * f / denominator, complement: d2 / denominator, a: d1 / 2, b: d2 / 2)
    }

    /// Horner's rule, coefficients from the constant term up.
    private static func polynomial(_ x: Double, _ coefficients: [Double]) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    private static let tolerance = 1e-15
    private static let tiny = 1e-300
    private static let maxIterations = 100_000

    /// I_x(a, b) and 1 − I_x(a, b), each computed directly on the side where its continued fraction converges
    /// fast (Numerical Recipes §6.4), so both tails keep their relative accuracy. `complement` is 1 − x, passed
    /// in so callers can form it without cancellation.
    private static func regularizedBeta(x: Double, complement y: Double, a: Double, b: Double)
        -> (lower: Double, upper: Double) {
        guard !x.isNaN, !y.isNaN, a > 0, b > 0 else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if y <= 0 { return (1, 0) }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y)
        if x < (a + 1) / (a + b + 2) {
            let lower = exp(logFront) * betaContinuedFraction(x: x, a: a, b: b) / a
            return (lower, 1 - lower)
        }
        let upper = exp(logFront) * betaContinuedFraction(x: y, a: b, b: a) / b
        return (1 - upper, upper)
    }

    /// The continued fraction for I_x(a, b), by the modified Lentz method.
    private static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let sum = a + b, plusOne = a + 1, minusOne = a - 1
        var c = 1.0
        var d = 1 - sum * x / plusOne
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...maxIterations {
            let m = Double(m), twoM = 2 * m
            // The even step of the fraction.
            var term = m * (b - m) * x / ((minusOne + twoM) * (a + twoM))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // The odd step.
            term = -(a + m) * (sum + m) * x / ((a + twoM) * (plusOne + twoM))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < tolerance { break }
        }
        return result
    }

    /// P(a, x) and Q(a, x) = 1 − P(a, x): the series where it converges fast (x < a + 1), the continued fraction
    /// otherwise (Numerical Recipes §6.2), each giving its own tail directly.
    private static func regularizedGamma(a: Double, x: Double) -> (lower: Double, upper: Double) {
        guard !x.isNaN, a > 0 else { return (.nan, .nan) }
        if x <= 0 { return (0, 1) }
        if x == .infinity { return (1, 0) }
        let logFront = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var denominator = a, term = 1 / a, sum = term
            for _ in 0..<maxIterations {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * tolerance { break }
            }
            let lower = sum * exp(logFront)
            return (lower, 1 - lower)
        }
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var result = d
        for i in 1...maxIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < tolerance { break }
        }
        let upper = exp(logFront) * result
        return (1 - upper, upper)
    }
}
