import Foundation
import Fulcrum

/// libFuzzer's entry point: any bytes, as a scenario file, must give a scenario or located
/// errors, never a crash or a hang. A scenario that loads is compiled and simulated on a
/// few samples, so that the expression compiler and the engine see what the loader lets
/// through; `--set` overrides come from the file's last line when it starts with `#set `,
/// and everything after a line `#table` is the CSV that any `features_from` reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = input.components(separatedBy: "\n#table\n")
    let text = parts[0]
    let table = Data(parts.dropFirst().joined(separator: "\n#table\n").utf8)
    _ = try? ExpressionParser.parse(text)
    let overrides = text.split(separator: "\n").last.flatMap { line -> [ScenarioLoader.Override]? in
        guard line.hasPrefix("#set ") else { return nil }
        return try? [ScenarioLoader.Override(argument: String(line.dropFirst(5)), index: 1)]
    } ?? []
    guard let scenario = try? ScenarioLoader.load(text: text, file: "fuzz.yaml", overrides: overrides, tables: { _ in table }),
          let model = try? Model(scenario) else { return 0 }
    // Bounded work per input: long horizons and many features are the tests' business.
    guard scenario.horizon * max(1, scenario.metrics.count) <= 2_000, scenario.features.count <= 8 else { return 0 }
    let roadmap = (try? Roadmap(scenario.features.map(\.id), in: scenario, describedAs: "fuzz")) ?? .baseline
    _ = try? Simulation.run(model, roadmap: roadmap, settings: SamplingSettings(samples: 64, seed: 1, threads: 1))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                             _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry point under the target's name; hand it to libFuzzer.
@_cdecl("FulcrumFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzScenario)
}
