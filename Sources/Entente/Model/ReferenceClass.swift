import EntenteCore
import Foundation

/// The historical pairs most like a dyad, and how many of them went on to form a defence pact: the outside view a
/// forecaster sets beside a model. Likeness is judged on what the article argues matters (alignment at the UN,
/// shared Western pressure, power, a border, a lesser treaty already in force), each on a common scale, among
/// dyad-years without a defence pact whose next ten years are known.
public struct ReferenceClass: Sendable, Codable, Equatable {
    /// The year of the dyad's values that were matched (the last year of the data).
    public var year: Int
    /// The years the analogues were drawn from; each analogue's ten years after are in the data.
    public var firstYear: Int
    public var lastYear: Int
    /// How many other pairs were at risk in those years.
    public var candidates: Int
    /// The closest pairs, closest first, each at its year most like the dyad.
    public var analogues: [Analogue]
    /// The wider class: the `widerSize` closest pairs and the share of them with a defence pact within ten years.
    public var widerSize: Int
    public var widerRate: Double

    /// One historical pair at its year most like the dyad.
    public struct Analogue: Sendable, Codable, Equatable {
        public var ccode1: Int
        public var ccode2: Int
        public var name1: String
        public var name2: String
        public var year: Int
        /// The mean of the traits' distances, each between 0 (equal) and 1 (as far apart as most pairs).
        public var distance: Double
        /// The year a defence pact began within ten years after `year`, if one did.
        public var pactYear: Int?
    }

    /// How many analogues are named, and how many make the wider class.
    public static let size = 15
    public static let wider = 100
    /// The first year analogues are drawn from: UN voting, one of the traits, starts in 1946.
    public static let firstYear = 1950
    /// The years after an analogue's year in which a defence pact counts.
    public static let horizon = 10

    /// The share of the named analogues that formed a defence pact within ten years.
    public var rate: Double { analogues.isEmpty ? 0 : Double(analogues.filter { $0.pactYear != nil }.count) / Double(analogues.count) }

    /// The 90% Wilson interval of the wider class's rate: with few pairs, a record of none is consistent with a
    /// rate well above zero.
    public var widerInterval: ClosedRange<Double> {
        guard widerSize > 0 else { return 0...1 }
        let n = Double(widerSize), p = widerRate, z = 1.6448536269514722
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0, centre - half)...min(1, centre + half)
    }

    /// The traits the pairs are compared on, in the order `Columns.traits` gives them.
    public static let traitNames = ["UN voting agreement", "Western sanctions on both", "major powers in the pair", "capability gap",
                                    "a shared land border", "a lesser treaty tie"]

    /// The panel columns the traits and outcomes read, fetched once.
    struct Columns {
        let agree, sanctions1, sanctions2, major1, major2, capability, contiguity, defense, onset: [Double]
        let lesser: [[Double]]

        init(_ panel: DyadYearPanel) throws {
            func column(_ name: PanelColumnName) throws -> [Double] {
                guard let values = panel.column(name)?.values else { throw ModelError("the reference class needs the panel column \(name)") }
                return values
            }
            (agree, sanctions1, sanctions2) = (try column(.unAgree), try column(.westSanctions.side(.first)), try column(.westSanctions.side(.second)))
            (major1, major2, capability) = (try column(.major.side(.first)), try column(.major.side(.second)), try column(.capRatioLn))
            (contiguity, defense, onset) = (try column(.conttype), try column(.atop(.defense)), try column(.atopOnset(.defense)))
            lesser = try [PanelColumnName.Provision.consul, .nonagg, .neutral, .offense].map { try column(.atop($0)) }
        }

        /// A row's traits, each mapped so that equal steps mean comparable differences (sanctions on a log
        /// scale); nil where missing.
        func traits(_ row: Int) -> [Double?] {
            func value(_ values: [Double]) -> Double? { values[row].isNaN ? nil : values[row] }
            let sanctions = value(sanctions1).flatMap { a in value(sanctions2).map { log1p(min(a, $0)) } }
            let majors = value(major1).flatMap { a in value(major2).map { a + $0 } }
            let ties = lesser.compactMap(value)
            return [value(agree), sanctions, majors, value(capability), value(contiguity).map { $0 == 1 ? 1 : 0 },
                    ties.isEmpty ? nil : (ties.contains { $0 > 0 } ? 1 : 0)]
        }
    }

    /// The trait an analogue must share exactly: the number of major powers in the pair.
    static let powerTrait = 2
    /// The number of major powers in the pair, which every analogue shares.
    public var majorPowers: Int?

    /// The reference class of `first`–`second` (lower code first) as of `year`, from a non-directed `panel` that
    /// holds the pair's row in `year` and the years `firstYear` to `year` for the others; `name` names a state.
    public init(panel: DyadYearPanel, _ first: Int, _ second: Int, year: Int, name: (Int) -> String) throws {
        let columns = try Columns(panel)
        guard let own = (0..<panel.count).first(where: {
            Int(panel.ccode1[$0]) == first && Int(panel.ccode2[$0]) == second && Int(panel.year[$0]) == year
        }) else { throw ModelError("the panel has no row for \(first)–\(second) in \(year)") }
        let target = columns.traits(own)
        majorPowers = target[Self.powerTrait].map { Int($0) }
        let lastOutcome = Int(panel.year.max() ?? 0)
        // Pact onsets by dyad, for the outcome of each candidate year.
        var onsets: [Int64: [Int]] = [:]
        let onset = columns.onset, defense = columns.defense
        for row in 0..<panel.count where onset[row] == 1 { onsets[Self.key(panel, row), default: []].append(Int(panel.year[row])) }
        self.year = year
        firstYear = Self.firstYear
        lastYear = min(year, lastOutcome) - Self.horizon
        var candidates: [Int] = []
        var traitValues = [[Double?]]()
        for row in 0..<panel.count {
            let y = Int(panel.year[row])
            guard y >= firstYear, y <= lastYear, defense[row] == 0,
                  !(Int(panel.ccode1[row]) == first && Int(panel.ccode2[row]) == second) else { continue }
            candidates.append(row)
            traitValues.append(columns.traits(row))
        }
        // Each trait's scale: the spread of the middle 90% of candidate values, so one outlier does not set it.
        let scales: [Double] = Self.traitNames.indices.map { trait in
            let values = traitValues.compactMap { $0[trait] }.sorted()
            guard let low = values.first, values.count > 1 else { return 1 }
            let spread = values[Int(0.95 * Double(values.count - 1))] - values[Int(0.05 * Double(values.count - 1))]
            return spread > 0 ? spread : max(values.last! - low, 1)
        }
        var best: [Int64: (row: Int, distance: Double)] = [:]
        for (index, row) in candidates.enumerated() {
            let distances = Self.traitNames.indices.compactMap { trait -> Double? in
                guard let x = target[trait], let y = traitValues[index][trait] else { return nil }
                return min(abs(x - y) / scales[trait], 1)
            }
            // Pairs missing more than two traits cannot be said to be alike; nor can pairs with another number of
            // major powers, whose treaty-making differs in kind.
            guard distances.count >= Self.traitNames.count - 2, target[0] == nil || traitValues[index][0] != nil,
                  target[Self.powerTrait] == nil || traitValues[index][Self.powerTrait] == target[Self.powerTrait] else { continue }
            let distance = distances.reduce(0, +) / Double(distances.count)
            let key = Self.key(panel, row)
            if let current = best[key], current.distance < distance || (current.distance == distance && panel.year[current.row] > panel.year[row]) { continue }
            best[key] = (row, distance)
        }
        self.candidates = best.count
        let ranked = best.values.sorted {
            $0.distance != $1.distance ? $0.distance < $1.distance : Self.key(panel, $0.row) < Self.key(panel, $1.row)
        }
        func analogue(_ match: (row: Int, distance: Double)) -> Analogue {
            let a = Int(panel.ccode1[match.row]), b = Int(panel.ccode2[match.row]), y = Int(panel.year[match.row])
            let pact = onsets[Self.key(panel, match.row)]?.filter { $0 > y && $0 <= y + Self.horizon }.min()
            return Analogue(ccode1: a, ccode2: b, name1: name(a), name2: name(b), year: y, distance: match.distance, pactYear: pact)
        }
        analogues = ranked.prefix(Self.size).map(analogue)
        let widerClass = ranked.prefix(Self.wider).map(analogue)
        widerSize = widerClass.count
        widerRate = widerClass.isEmpty ? 0 : Double(widerClass.filter { $0.pactYear != nil }.count) / Double(widerClass.count)
    }

    private static func key(_ panel: DyadYearPanel, _ row: Int) -> Int64 { Int64(panel.ccode1[row]) << 32 | Int64(panel.ccode2[row]) }
}
