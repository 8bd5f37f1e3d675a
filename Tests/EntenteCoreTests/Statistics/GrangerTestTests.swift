import EntenteCore
import Testing

/// Reference values printed by Tests/Scripts/scoring_reference.py with numpy 2.4.6, scipy 1.17.1,
/// statsmodels 0.15.0, scikit-learn 1.9.1, pandas 3.1.1: statsmodels' `grangercausalitytests` (`ssr_ftest`;
/// the script checks that `maxlag=[p]` gives the same as lag p of `maxlag=3`), statsmodels OLS on a design pandas
/// builds with `shift` and `dropna` for the series with gaps, and pandas' `Series.corr` for the cross-correlations.
/// Tolerance 1e-12 relative throughout (the largest error seen is 7e-14, an F near 0.4).
@Suite struct GrangerTestTests {
    /// y_t = 0.3 y_{t−1} + 0.6 x_{t−1} + 0.2 x_{t−2} + e_t, 120 months, to four decimals.
    static let y: [Double] = [
        -0.3791, 1.2723, 0.8087, 0.5127, -1.1384, -1.876, 0.3645, -0.4723, -0.309, -0.5409, -0.6438, -0.7155,
        1.6345, 1.3234, 0.7884, 1.4477, 2.7944, -2.3106, 0.5584, 1.3856, -0.0752, 1.4996, 0.2994, 2.0202, 1.9643,
        1.3074, -1.0484, -1.0468, -0.5549, -0.4927, 0.0188, 0.4395, 0.1079, 1.8036, -0.4074, 0.8967, 1.0731,
        -2.6738, 2.0035, 0.654, 1.5766, -1.757, 0.1071, -1.7612, -0.459, 1.5456, 2.3218, 1.4228, 1.2677, -0.7286,
        -1.3834, 0.073, 1.1349, 0.9991, 1.3776, 0.9211, 1.1241, 0.5382, -1.3729, -0.6968, -2.1998, -2.7682,
        -0.7715, -0.6316, -0.8056, -0.0313, -0.6048, -1.8424, -0.3481, 0.4948, 0.3617, 2.1138, 0.6667, 1.8098,
        1.0512, 0.0093, -0.7773, -1.562, -1.5679, -2.6216, -0.9715, -0.2391, 1.1984, 1.598, 0.2584, 0.7909,
        1.0359, 0.1042, 0.9257, 0.1887, -1.2661, -1.5111, 0.232, -0.3008, 1.0914, 0.7834, 1.0587, 0.4665, 0.2787,
        -0.6758, -1.2641, -1.8998, 2.9084, 1.3468, 1.6609, -1.6464, -1.4799, -0.2013, -0.7816, 2.3547, 1.6892,
        -0.0551, -0.4514, 0.0504, 0.1789, 0.45, -0.0714, 0.451, -1.9769, -2.0775
    ]
    static let x: [Double] = [
        0.0825, -0.4644, 0.0505, 0.6862, -1.7568, 1.6844, -0.4578, -0.5964, -1.047, 0.9318, 0.675, 1.2444,
        0.8931, 0.263, 0.3285, 0.9352, -0.8776, -0.0459, 0.3819, -0.4525, 0.7217, -0.3522, 0.6728, 0.1406,
        0.4626, -1.5177, -0.8603, 1.3446, 0.1781, -0.0813, 0.9637, 0.7509, -0.0468, -0.6431, 1.9609, 0.6907,
        -1.5721, 0.8395, 0.7685, 0.8139, -0.4039, 1.4713, -0.748, 1.2111, 0.2926, 1.6973, -0.3886, 0.6964,
        0.8448, -0.3238, 0.0113, -0.4146, 0.4782, 0.6885, -0.2917, 0.3459, -0.5819, -0.5211, -1.9226, -1.174,
        -0.6739, 0.1082, 1.5203, 0.269, 0.0914, 0.3479, -1.4015, 0.0484, -0.8681, -0.5737, 2.0363, 1.8474,
        0.9772, 0.543, 0.5036, -0.9651, -1.2555, 0.3347, -0.4472, -0.7767, -0.0803, -0.0725, 0.1892, -0.7396,
        0.0173, -1.2393, 1.2268, 1.5192, -1.1044, 0.4273, -0.221, 0.1137, 0.0629, 1.1931, 0.5533, -0.8685,
        0.0802, -0.0176, -0.7982, 0.2043, -0.0228, 1.3593, -0.1879, 0.441, -2.2479, -1.6776, 0.3272, 0.129,
        0.9088, -1.1522, -0.2848, -2.4924, -0.8366, -0.4333, -0.0969, -0.5548, 0.9541, -1.4478, -1.2831, 0.4604
    ]
    /// Noise unrelated to y.
    static let unrelated: [Double] = [
        0.4659, -0.2473, 1.1058, 0.1007, -0.8349, -1.2487, -0.925, -0.0348, -0.2133, -2.7195, 0.5426, 1.5928,
        -0.6939, 0.4651, -0.7718, 1.3021, -0.7977, -0.179, 1.4394, 0.9363, -0.3153, 1.2363, 0.6403, 1.0646,
        1.5365, 1.6336, -0.8881, -0.8327, 0.5294, -0.2992, -3.1488, 0.976, -1.2648, -0.2955, -0.6831, -0.3497,
        0.6249, -1.8094, -0.3145, -1.5363, -0.3348, 0.264, 0.9697, -0.2422, 2.4816, 0.9312, 1.236, 0.7391,
        -0.2578, -0.4769, -0.9138, 0.0319, -3.0433, -0.4866, -0.0321, -1.3965, -1.0728, 0.4042, 0.6058, 0.3111,
        -2.2743, 1.8575, -0.2335, 3.0119, -0.044, 0.5382, -0.4488, 0.635, 1.7175, 0.4876, 1.0128, 0.6687,
        -1.6587, 0.6352, -0.6866, 0.4967, -0.985, 1.3439, -0.5497, 2.1003, -0.3506, 0.8724, -1.3077, 0.1881,
        -0.7393, 0.5952, 1.4689, 1.1285, -0.6091, -1.1862, -0.3603, -1.0556, 1.0391, 0.345, 0.5885, -1.4475,
        -0.9762, -0.9681, 0.3223, 0.3568, -2.2137, 1.2654, 1.944, -1.8073, -0.8895, 0.7511, -0.7724, -0.3716,
        -0.2102, -1.8266, -0.5734, -1.242, -0.3831, 0.0005, 0.2614, 0.0767, -0.7482, 0.2009, 2.023, -0.8732
    ]
    /// y and x with gaps (y at 5, 40, 41, 77; x at 12, 60, 100).
    static let yWithGaps: [Double?] = [
        -0.3791, 1.2723, 0.8087, 0.5127, -1.1384, nil, 0.3645, -0.4723, -0.309, -0.5409, -0.6438, -0.7155,
        1.6345, 1.3234, 0.7884, 1.4477, 2.7944, -2.3106, 0.5584, 1.3856, -0.0752, 1.4996, 0.2994, 2.0202, 1.9643,
        1.3074, -1.0484, -1.0468, -0.5549, -0.4927, 0.0188, 0.4395, 0.1079, 1.8036, -0.4074, 0.8967, 1.0731,
        -2.6738, 2.0035, 0.654, nil, nil, 0.1071, -1.7612, -0.459, 1.5456, 2.3218, 1.4228, 1.2677, -0.7286,
        -1.3834, 0.073, 1.1349, 0.9991, 1.3776, 0.9211, 1.1241, 0.5382, -1.3729, -0.6968, -2.1998, -2.7682,
        -0.7715, -0.6316, -0.8056, -0.0313, -0.6048, -1.8424, -0.3481, 0.4948, 0.3617, 2.1138, 0.6667, 1.8098,
        1.0512, 0.0093, -0.7773, nil, -1.5679, -2.6216, -0.9715, -0.2391, 1.1984, 1.598, 0.2584, 0.7909, 1.0359,
        0.1042, 0.9257, 0.1887, -1.2661, -1.5111, 0.232, -0.3008, 1.0914, 0.7834, 1.0587, 0.4665, 0.2787,
        -0.6758, -1.2641, -1.8998, 2.9084, 1.3468, 1.6609, -1.6464, -1.4799, -0.2013, -0.7816, 2.3547, 1.6892,
        -0.0551, -0.4514, 0.0504, 0.1789, 0.45, -0.0714, 0.451, -1.9769, -2.0775
    ]
    static let xWithGaps: [Double?] = [
        0.0825, -0.4644, 0.0505, 0.6862, -1.7568, 1.6844, -0.4578, -0.5964, -1.047, 0.9318, 0.675, 1.2444, nil,
        0.263, 0.3285, 0.9352, -0.8776, -0.0459, 0.3819, -0.4525, 0.7217, -0.3522, 0.6728, 0.1406, 0.4626,
        -1.5177, -0.8603, 1.3446, 0.1781, -0.0813, 0.9637, 0.7509, -0.0468, -0.6431, 1.9609, 0.6907, -1.5721,
        0.8395, 0.7685, 0.8139, -0.4039, 1.4713, -0.748, 1.2111, 0.2926, 1.6973, -0.3886, 0.6964, 0.8448,
        -0.3238, 0.0113, -0.4146, 0.4782, 0.6885, -0.2917, 0.3459, -0.5819, -0.5211, -1.9226, -1.174, nil,
        0.1082, 1.5203, 0.269, 0.0914, 0.3479, -1.4015, 0.0484, -0.8681, -0.5737, 2.0363, 1.8474, 0.9772, 0.543,
        0.5036, -0.9651, -1.2555, 0.3347, -0.4472, -0.7767, -0.0803, -0.0725, 0.1892, -0.7396, 0.0173, -1.2393,
        1.2268, 1.5192, -1.1044, 0.4273, -0.221, 0.1137, 0.0629, 1.1931, 0.5533, -0.8685, 0.0802, -0.0176,
        -0.7982, 0.2043, nil, 1.3593, -0.1879, 0.441, -2.2479, -1.6776, 0.3272, 0.129, 0.9088, -1.1522, -0.2848,
        -2.4924, -0.8366, -0.4333, -0.0969, -0.5548, 0.9541, -1.4478, -1.2831, 0.4604
    ]

    @Test func aLeadingSeriesMatchesStatsmodels() throws {
        // (lag, F, p, df_denom, df_num)
        let expected: [(Int, Double, Double, Int, Int)] = [
            (1, 51.59370080803447, 7.051851636553026e-11, 116, 1),
            (2, 25.791297755441434, 5.9325487055456e-10, 113, 2),
            (3, 16.16376577501271, 8.979545637905445e-09, 110, 3),
        ]
        let results = try GrangerTest.tests(response: Self.y, cause: Self.x, maxLag: 3)
        expectMatches(results, expected)
        #expect(results.allSatisfy { $0.observations == 120 - $0.lag }, "lag p drops the first p months")
    }

    @Test func anUnrelatedSeriesMatchesStatsmodels() throws {
        let expected: [(Int, Double, Double, Int, Int)] = [
            (1, 0.25810940985166503, 0.6123867328996037, 116, 1),
            (2, 0.41747485796819367, 0.6597198087869582, 113, 2),
            (3, 0.18917247776545826, 0.9035768513332748, 110, 3),
        ]
        expectMatches(try GrangerTest.tests(response: Self.y, cause: Self.unrelated, maxLag: 3), expected)
    }

    @Test func gapsDropOnlyTheTimePointsThatNeedThem() throws {
        // (lag, F, p, df_denom, n, RSS_r, RSS_u)
        let expected: [(Int, Double, Double, Int, Int, Double, Double)] = [
            (1, 43.51087336534149, 1.7003861217241073e-09, 106, 109, 148.9928501457836, 105.63273265658104),
            (2, 18.314411311421797, 1.7876077454587962e-07, 97, 102, 126.82904155036734, 92.06409806594043),
            (3, 11.87917810746776, 1.3237988234776906e-06, 88, 95, 121.46162623913774, 86.45128008758202),
        ]
        let results = try GrangerTest.tests(response: Self.yWithGaps, cause: Self.xWithGaps, maxLag: 3)
        #expect(results.count == 3)
        for (result, (lag, f, p, denominator, n, restricted, unrestricted)) in zip(results, expected) {
            #expect(result.lag == lag && result.numeratorDegreesOfFreedom == lag)
            #expect(result.denominatorDegreesOfFreedom == denominator && result.observations == n)
            #expect(isClose(result.fStatistic, f, relative: 1e-12), "lag \(lag)")
            #expect(isClose(result.pValue, p, relative: 1e-12), "lag \(lag)")
            #expect(isClose(result.restrictedRSS, restricted, relative: 1e-12), "lag \(lag)")
            #expect(isClose(result.unrestrictedRSS, unrestricted, relative: 1e-12), "lag \(lag)")
        }
        // A NaN counts as missing, like nil.
        let withNaN = Self.yWithGaps.map { $0 ?? .nan }.map(Optional.some)
        #expect(try GrangerTest.test(response: withNaN, cause: Self.xWithGaps, lag: 2) == results[1])
    }

    @Test func leastSquaresMatchesStatsmodelsOLS() throws {
        // The lag-2 unrestricted design of the series with gaps: y_{t−1}, y_{t−2}, x_{t−1}, x_{t−2}, constant.
        let rows = (2..<Self.yWithGaps.count).filter { (t: Int) -> Bool in
            let needed: [Double?] = [Self.yWithGaps[t], Self.yWithGaps[t - 1], Self.yWithGaps[t - 2],
                                     Self.xWithGaps[t - 1], Self.xWithGaps[t - 2]]
            return needed.allSatisfy { $0 != nil }
        }
        let columns = [rows.map { Self.yWithGaps[$0 - 1]! }, rows.map { Self.yWithGaps[$0 - 2]! },
                       rows.map { Self.xWithGaps[$0 - 1]! }, rows.map { Self.xWithGaps[$0 - 2]! },
                       rows.map { _ in 1.0 }]
        let fit = try #require(LeastSquares.fit(columns: columns, response: rows.map { Self.yWithGaps[$0]! }))
        let params: [Double] = [
            0.26950097771255366, 0.028081111359878733, 0.6391131265839199, 0.016449317304150682, 0.13211210770206955
        ]
        #expect(fit.observations == 102 && fit.degreesOfFreedom == 102 - 5)
        #expect(isClose(fit.residualSumOfSquares, 92.06409806594043, relative: 1e-12))
        for (coefficient, expected) in zip(fit.coefficients, params) {
            #expect(isClose(coefficient, expected, relative: 1e-12))
        }
        // Not identified: a duplicated column, or no more rows than columns.
        #expect(LeastSquares.fit(columns: [columns[0], columns[0]], response: columns[1]) == nil)
        #expect(LeastSquares.fit(columns: [[1, 2], [1, 1]], response: [3, 4]) == nil)
    }

    @Test func crossCorrelationsMatchPandas() {
        // (k, y.corr(x.shift(k)), pairs)
        let expected: [(Int, Double, Int)] = [
            (-3, -0.10985956001932846, 110),
            (-2, -0.23839288559028823, 111),
            (-1, -0.10489191387177832, 112),
            (0, 0.009294668334358139, 113),
            (1, 0.49443954933561884, 112),
            (2, 0.18522855170912322, 111),
            (3, 0.19911824964677832, 110),
        ]
        let correlations = LeadLag.crossCorrelations(response: Self.yWithGaps, cause: Self.xWithGaps, maxLag: 3)
        #expect(correlations.map(\.lag) == Array(-3...3))
        for (correlation, (k, r, pairs)) in zip(correlations, expected) {
            #expect(correlation.lag == k && correlation.observations == pairs)
            #expect(isClose(correlation.correlation, r, relative: 1e-12), "k = \(k)")
        }
    }

    @Test func degenerateSeriesThrowClearErrorsNeverNaN() {
        let constant = [Double?](repeating: 0.1, count: 60)
        let varying = (0..<60).map { Double?(Double(($0 * 37) % 11)) }
        #expect(throws: GrangerError.collinear(lag: 1)) {
            try GrangerTest.test(response: varying, cause: constant, lag: 1)
        }
        #expect(throws: GrangerError.collinear(lag: 2)) {
            try GrangerTest.test(response: constant, cause: varying, lag: 2)
        }
        // y is exactly last month's x: nothing is left to explain.
        let follower = [nil] + varying.dropLast()
        #expect(throws: GrangerError.perfectFit(lag: 1)) {
            try GrangerTest.test(response: follower, cause: varying, lag: 1)
        }
        #expect(throws: GrangerError.tooFewObservations(lag: 3, observations: 5)) {
            try GrangerTest.tests(response: Array(varying.prefix(8)), cause: Array(follower.suffix(8)), maxLag: 3)
        }
        #expect(throws: GrangerError.tooFewObservations(lag: 1, observations: 0)) {
            try GrangerTest.test(response: [], cause: [], lag: 1)
        }
        let flat = LeadLag.crossCorrelations(response: varying, cause: constant, maxLag: 1)
        #expect(flat.map(\.correlation) == [nil, nil, nil])
        #expect(flat.map(\.observations) == [59, 60, 59])
        #expect(LeadLag.crossCorrelations(response: [], cause: [], maxLag: 2).allSatisfy {
            $0.correlation == nil && $0.observations == 0
        })
    }

    private func expectMatches(_ results: [GrangerResult], _ expected: [(Int, Double, Double, Int, Int)],
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(results.count == expected.count, sourceLocation: sourceLocation)
        for (result, (lag, f, p, denominator, numerator)) in zip(results, expected) {
            #expect(result.lag == lag, sourceLocation: sourceLocation)
            #expect(result.denominatorDegreesOfFreedom == denominator, sourceLocation: sourceLocation)
            #expect(result.numeratorDegreesOfFreedom == numerator, sourceLocation: sourceLocation)
            #expect(isClose(result.fStatistic, f, relative: 1e-12), "lag \(lag)", sourceLocation: sourceLocation)
            #expect(isClose(result.pValue, p, relative: 1e-12), "lag \(lag)", sourceLocation: sourceLocation)
        }
    }
}
