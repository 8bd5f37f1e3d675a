import EntenteTestSupport
import Foundation
import Testing

/// Option values the command line reads as types (year spans, state pairs, outcomes, horizons, column lists): a bad
/// one is refused before anything is read, and the message names the option and the value.
@Suite struct OptionValueTests {
    /// The built tool's message on stderr for `arguments`, which it must refuse.
    func refusal(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = builtProducts.appendingPathComponent("entente")
        // No database is opened: a refused option stops the command first.
        process.arguments = arguments + ["--database", "/nonexistent/entente-options.sqlite"]
        let errors = Pipe()
        (process.standardError, process.standardOutput) = (errors, FileHandle.nullDevice)
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        return message
    }

    @Test(arguments: [
        (["panel", "--years", "1700-"], "The value '1700-' is invalid for '--years <years>'"),
        (["panel", "--years", "2000-1990"], "The value '2000-1990' is invalid for '--years <years>'"),
        (["panel", "--dyad", "CHN"], "The value 'CHN' is invalid for '--dyad <a,b>'"),
        (["panel", "--columns", "un_agree,foo"], "unknown column(s): foo; see --describe"),
        (["panel", "--states", "--columns", "cinc,un_agree"], "unknown column(s): un_agree; see --states --describe"),
        (["model", "fit", "--outcome", "nope"], "The value 'nope' is invalid for '--outcome <outcome>'"),
        (["model", "fit", "--base", "nope"], "The value 'nope' is invalid for '--base <name>'"),
        (["model", "fit", "--years", "1990-"], "--years must be FIRST-LAST, with a last year: 1990-"),
        (["model", "fit", "--formula", "defense-onset ~ un_agre + log1p(common_foe)"], "--formula: unknown predictor(s) un_agre:"),
        (["model", "backtest", "--horizons", "1,x"], "The value '1,x' is invalid for '--horizons <list>'"),
        (["model", "backtest", "--outcome", "defense"], "--outcome must be an onset with a provision"),
        (["model", "validate", "--rolling", "1990-1980"], "The value '1990-1980' is invalid for '--rolling <years>'"),
        (["model", "backtest", "--grid", "1:0,30"], "The value '1:0,30' is invalid for '--grid <list>'"),
        (["model", "backtest", "--grid", "x:5"], "The value 'x:5' is invalid for '--grid <list>'"),
        (["model", "backtest", "--grid", "30:t0"], "The value '30:t0' is invalid for '--grid <list>'"),
        (["model", "backtest", "--grid", "30:tx"], "The value '30:tx' is invalid for '--grid <list>'"),
        (["model", "backtest", "--member", "nope"], "unknown --member nope: one of historical, postwar, threat, bilateral"),
    ])
    func aBadValueIsRefusedByName(arguments: [String], message: String) throws {
        let refused = try refusal(arguments)
        #expect(refused.contains(message), "\(refused)")
    }
}
