import Entente
import EntenteCore
import Foundation

// Fits a logistic regression through Entente's public API and checks it against the closed form: with one
// binary predictor the fit is saturated, so the intercept is the log-odds among x = 0 and the slope the log of
// the odds ratio. Exits non-zero when either differs, so CI can run it as a check.

// A 2×2 table of dyad-years: pairs with a shared rival (x = 1) and without (x = 0), onset or not.
let table = (withoutRival: (onsets: 6, none: 594), withRival: (onsets: 9, none: 141))
var outcome: [Double] = [], values: [Double] = []
for (x, cell) in [(0.0, table.withoutRival), (1.0, table.withRival)] {
    outcome += Array(repeating: 1, count: cell.onsets) + Array(repeating: 0, count: cell.none)
    values += Array(repeating: x, count: cell.onsets + cell.none)
}
let design = RegressionDesign(predictors: ["shared_rival"], outcome: outcome, values: values)
let fit: LogisticFit
do {
    fit = try LogisticRegression.fit(design)
} catch {
    print("the fit failed: \(error)")
    exit(1)
}
print(AllianceModel.coefficientReport(fit).render(.table))

let intercept = log(6.0 / 594), slope = log((9.0 / 141) / (6.0 / 594))
let differences = [abs(fit.coefficients[0] - intercept), abs(fit.coefficients[1] - slope)]
guard differences.allSatisfy({ $0 < 1e-9 }) else {
    print("coefficients \(fit.coefficients) differ from the closed form [\(intercept), \(slope)]")
    exit(1)
}

// The library's own reference data ships with it: the crosswalk knows China's COW code.
let crosswalk: Crosswalk
do {
    crosswalk = try ReferenceData().crosswalk
} catch {
    print("the reference data did not load: \(error)")
    exit(1)
}
guard let china = crosswalk.resolve(userInput: "China"), china.rawValue == 710 else {
    print("the crosswalk did not resolve China to COW 710")
    exit(1)
}
print("China is COW state \(china.rawValue); the fit equals the closed form to \(differences.max()!)")
