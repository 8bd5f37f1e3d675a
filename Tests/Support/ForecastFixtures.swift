/// Forecasts and outcomes shared by the scoring tests and the reliability-chart tests.
public enum ForecastFixtures {
    /// 160 forecasts to two decimals, so many ties, with a 0 and a 1 (that 1 a miss, so the log clip matters).
    public static let commonPredictions: [Double] = [
        0.0, 1.0, 0.5, 0.33, 0.19, 0.17, 0.3, 0.09, 0.48, 0.22, 0.26, 0.13, 0.21, 0.53, 0.37, 0.48, 0.25, 0.06,
        0.16, 0.19, 0.04, 0.35, 0.16, 0.37, 0.3, 0.49, 0.58, 0.18, 0.28, 0.26, 0.29, 0.11, 0.5, 0.3, 0.62, 0.46,
        0.07, 0.16, 0.18, 0.29, 0.21, 0.59, 0.06, 0.37, 0.44, 0.47, 0.45, 0.49, 0.42, 0.81, 0.46, 0.06, 0.81,
        0.39, 0.52, 0.25, 0.18, 0.29, 0.04, 0.07, 0.28, 0.07, 0.23, 0.29, 0.3, 0.51, 0.41, 0.16, 0.15, 0.21,
        0.49, 0.34, 0.34, 0.01, 0.21, 0.04, 0.09, 0.1, 0.52, 0.23, 0.44, 0.44, 0.24, 0.18, 0.38, 0.47, 0.01,
        0.41, 0.1, 0.52, 0.06, 0.28, 0.11, 0.09, 0.12, 0.62, 0.18, 0.01, 0.31, 0.02, 0.19, 0.31, 0.1, 0.55, 0.43,
        0.0, 0.17, 0.32, 0.13, 0.5, 0.17, 0.25, 0.29, 0.3, 0.43, 0.08, 0.96, 0.15, 0.26, 0.13, 0.45, 0.71, 0.07,
        0.15, 0.66, 0.16, 0.4, 0.33, 0.67, 0.01, 0.2, 0.08, 0.07, 0.17, 0.63, 0.26, 0.79, 0.37, 0.06, 0.41, 0.18,
        0.0, 0.64, 0.21, 0.34, 0.17, 0.16, 0.7, 0.31, 0.48, 0.42, 0.19, 0.2, 0.39, 0.08, 0.23, 0.22, 0.23, 0.49,
        0.12
    ]
    public static let commonOutcomes: [Bool] = [
        false, false, true, true, false, false, false, true, true, false, true, true, false, false, false, true,
        true, false, true, false, false, false, false, true, false, false, true, false, true, false, false,
        false, false, true, true, false, false, false, false, false, true, true, false, true, false, true, true,
        false, true, true, false, false, true, true, false, false, true, false, false, false, false, false,
        false, true, false, true, false, true, false, false, true, false, false, false, false, false, false,
        false, true, false, true, true, false, false, false, true, false, false, false, false, false, false,
        false, false, false, true, false, false, false, false, false, false, false, true, true, false, false,
        false, true, false, false, true, false, false, false, false, true, false, false, false, false, true,
        false, false, false, false, true, false, true, false, false, false, false, false, true, false, false,
        false, false, true, true, false, true, true, false, false, false, false, false, true, false, false,
        false, false, false, true, false, false, true, false
    ]
    /// 200 rare-event forecasts to four decimals, a third tied at 0.0012; 6 events.
    public static let rarePredictions: [Double] = [
        0.0012, 0.006, 0.0029, 0.0012, 0.0023, 0.0011, 0.0012, 0.0233, 0.0022, 0.0012, 0.0077, 0.0065, 0.0012,
        0.0012, 0.0039, 0.0012, 0.0007, 0.0023, 0.0012, 0.0008, 0.0004, 0.0012, 0.0008, 0.0058, 0.0012, 0.0032,
        0.0002, 0.0012, 0.0038, 0.0047, 0.0012, 0.0022, 0.0011, 0.0012, 0.0162, 0.0014, 0.0012, 0.0129, 0.0019,
        0.0012, 0.0047, 0.0044, 0.0012, 0.0045, 0.0239, 0.0012, 0.0125, 0.0048, 0.0012, 0.0551, 0.011, 0.0012,
        0.0045, 0.0086, 0.0012, 0.0099, 0.0037, 0.0012, 0.0265, 0.0017, 0.0012, 0.0022, 0.0048, 0.0012, 0.0019,
        0.0032, 0.0012, 0.0181, 0.0007, 0.0012, 0.0095, 0.0003, 0.0012, 0.0036, 0.0209, 0.0012, 0.0027, 0.0025,
        0.0012, 0.0296, 0.0023, 0.0012, 0.0065, 0.0035, 0.0012, 0.001, 0.004, 0.0012, 0.0186, 0.0096, 0.0012,
        0.0097, 0.0026, 0.0012, 0.0041, 0.0087, 0.0012, 0.0064, 0.0005, 0.0012, 0.0028, 0.0013, 0.0012, 0.0756,
        0.0014, 0.0012, 0.0053, 0.0078, 0.0012, 0.0031, 0.0102, 0.0012, 0.0011, 0.0037, 0.0012, 0.001, 0.0057,
        0.0012, 0.0145, 0.0053, 0.0012, 0.0019, 0.0035, 0.0012, 0.0009, 0.0065, 0.0012, 0.0123, 0.0004, 0.0012,
        0.0014, 0.0113, 0.0012, 0.0006, 0.0207, 0.0012, 0.0038, 0.0029, 0.0012, 0.0012, 0.017, 0.0012, 0.0038,
        0.0015, 0.0012, 0.0008, 0.0209, 0.0012, 0.0143, 0.0042, 0.0012, 0.0027, 0.002, 0.0012, 0.0025, 0.0028,
        0.0012, 0.0014, 0.0351, 0.0012, 0.001, 0.0063, 0.0012, 0.0006, 0.0031, 0.0012, 0.0004, 0.0106, 0.0012,
        0.0045, 0.0015, 0.0012, 0.002, 0.0034, 0.0012, 0.0008, 0.0232, 0.0012, 0.006, 0.0039, 0.0012, 0.0021,
        0.0093, 0.0012, 0.0034, 0.0042, 0.0012, 0.0099, 0.0067, 0.0012, 0.0007, 0.014, 0.0012, 0.0034, 0.0083,
        0.0012, 0.012, 0.0135, 0.0012, 0.0293
    ]
    public static let rareOutcomes: [Bool] = [
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, true, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, true, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, true, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, true,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, true,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false, true
    ]
}
