import EntenteCore
import Testing

/// Whether `actual` is within `relative` of `expected`, or within `absolute` of it where `expected` is near 0.
func isClose(_ actual: Double?, _ expected: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= max(relative * abs(expected), absolute)
}

/// Reference values printed by Tests/Scripts/scoring_reference.py with numpy 2.4.6, scipy 1.17.1,
/// statsmodels 0.15.0, scikit-learn 1.9.1, pandas 3.1.1: `scipy.stats` and `scipy.special`.
/// Tolerance 1e-12 relative unless a test says otherwise, in both tails (the largest error seen elsewhere is
/// 1.2e-13, the incomplete beta with b = 200).
@Suite struct DistributionsTests {
    @Test func normalCDFAndUpperTailMatchScipy() {
        // (z, norm.cdf, norm.sf)
        let cases: [(Double, Double, Double)] = [
            (-8.0, 6.22096057427174e-16, 0.9999999999999993),
            (-5.5, 1.898956246588768e-08, 0.9999999810104375),
            (-1.959963984540054, 0.025, 0.975),
            (-0.3, 0.3820885778110474, 0.6179114221889526),
            (0.0, 0.5, 0.5),
            (0.7, 0.758036347776927, 0.24196365222307303),
            (2.5, 0.9937903346742238, 0.006209665325776132),
            (6.0, 0.9999999990134123, 9.865876450376946e-10),
        ]
        for (z, cdf, survival) in cases {
            #expect(isClose(Distributions.normalCDF(z), cdf), "Φ(\(z))")
            #expect(isClose(Distributions.normalSurvival(z), survival), "1 − Φ(\(z))")
        }
    }

    @Test func normalQuantileMatchesScipy() {
        // (p, norm.ppf); AS 241 is good to about 1e-16, so 1e-14 relative (absolute at p = 0.5).
        let cases: [(Double, Double)] = [
            (0.975, 1.959963984540054),
            (0.5, 0.0),
            (1e-06, -4.753424308822899),
            (1e-12, -7.034483825301131),
            (0.02425, -1.972961051311885),
            (0.3, -0.5244005127080409),
            (0.9999, 3.719016485455709),
            (0.9999999999, 6.361340889697422),
        ]
        for (p, z) in cases {
            #expect(isClose(Distributions.normalQuantile(p), z, relative: 1e-14, absolute: 1e-15), "Φ⁻¹(\(p))")
        }
        #expect(Distributions.normalQuantile(0) == -.infinity)
        #expect(Distributions.normalQuantile(1) == .infinity)
        #expect(Distributions.normalQuantile(1.5).isNaN)
    }

    @Test func fCDFAndPValueMatchScipyIntoTheTail() {
        // (f, d1, d2, f.cdf, f.sf); the last two upper tails are about 1e-8 and 1e-14.
        let cases: [(Double, Double, Double, Double, Double)] = [
            (0.5, 1, 10, 0.5043524956168801, 0.4956475043831199),
            (2.3, 3, 47, 0.9105464544081397, 0.08945354559186026),
            (4.1, 2, 200, 0.9820143122665048, 0.017985687733495216),
            (1.0, 5, 5, 0.49999999999999983, 0.5),
            (0.05, 4, 12, 0.005342733051062724, 0.9946572669489373),
            (16.3632, 3, 100, 0.9999999899997802, 1.000021981447672e-08),
            (57.8617, 2, 60, 0.99999999999999, 9.991934574705392e-15),
        ]
        for (f, d1, d2, cdf, survival) in cases {
            #expect(isClose(Distributions.fCDF(f, d1: d1, d2: d2), cdf), "F(\(f); \(d1), \(d2))")
            #expect(isClose(Distributions.fSurvival(f, d1: d1, d2: d2), survival), "1 − F(\(f); \(d1), \(d2))")
        }
        #expect(Distributions.fCDF(0, d1: 2, d2: 5) == 0)
        #expect(Distributions.fSurvival(.infinity, d1: 2, d2: 5) == 0)
    }

    @Test func studentTMatchesScipyIntoTheTail() {
        // (t, df, t.cdf, 2·t.sf(|t|)); one two-sided p is 1e-8, one CDF 1e-25. Tolerance 1e-11: at ν = 1000 the
        // prefactor's lgamma(ν/2 + 1/2) − lgamma(ν/2) cancels two numbers near 2,600, leaving 4e-13 relative.
        let cases: [(Double, Double, Double, Double)] = [
            (2.1, 15, 0.9734723719239786, 0.053055256152042776),
            (-0.7, 3, 0.2671634991523818, 0.5343269983047636),
            (-2.5, 7, 0.020496109292876444, 0.04099221858575289),
            (1.3, 30, 0.8982495207309416, 0.20350095853811687),
            (2.0, 1000, 0.9771148267533741, 0.04577034649325166),
            (0.0, 4, 0.5, 1.0),
            (7.1966, 40, 0.9999999950000341, 9.99993183512564e-09),
            (-12.0, 200, 1.2110680026233124e-25, 2.422136005246625e-25),
        ]
        for (t, df, cdf, twoSided) in cases {
            #expect(isClose(Distributions.studentTCDF(t, degreesOfFreedom: df), cdf, relative: 1e-11), "T(\(t); \(df))")
            #expect(isClose(Distributions.studentTTwoSidedPValue(t, degreesOfFreedom: df), twoSided, relative: 1e-11),
                    "p(\(t); \(df))")
        }
    }

    @Test func chiSquaredMatchesScipyIntoTheTail() {
        // (x, df, chi2.cdf, chi2.sf)
        let cases: [(Double, Double, Double, Double)] = [
            (3.84, 1, 0.9499564787512949, 0.05004352124870519),
            (10.0, 4, 0.9595723180054873, 0.04042768199451279),
            (0.5, 7, 0.000553518609575035, 0.9994464813904249),
            (150.0, 100, 0.9990960679576459, 0.0009039320423540184),
            (60.0, 5, 0.9999999999878454, 1.2154569777183007e-11),
            (0.001, 2, 0.0004998750208307296, 0.9995001249791693),
        ]
        for (x, df, cdf, survival) in cases {
            #expect(isClose(Distributions.chiSquaredCDF(x, degreesOfFreedom: df), cdf), "χ²(\(x); \(df))")
            #expect(isClose(Distributions.chiSquaredSurvival(x, degreesOfFreedom: df), survival),
                    "1 − χ²(\(x); \(df))")
        }
    }

    @Test func incompleteBetaAndGammaMatchScipySpecial() {
        // (x, a, b, betainc(a, b, x)) and (a, x, gammainc(a, x))
        let beta: [(Double, Double, Double, Double)] = [
            (0.3, 2.5, 4.0, 0.3521975859067672),
            (0.9, 0.5, 0.5, 0.7951672353008665),
            (0.001, 3.0, 200.0, 0.0011665631531165765),
        ]
        for (x, a, b, value) in beta {
            #expect(isClose(Distributions.regularizedIncompleteBeta(x, a: a, b: b), value), "I(\(x); \(a), \(b))")
        }
        let gamma: [(Double, Double, Double)] = [
            (2.5, 1.7, 0.36143007689620493),
            (10.0, 3.0, 0.0011024881301154815),
            (0.5, 20.0, 0.9999999997460371),
        ]
        for (a, x, value) in gamma {
            #expect(isClose(Distributions.regularizedLowerGamma(a, x: x), value), "P(\(a), \(x))")
        }
    }
}
