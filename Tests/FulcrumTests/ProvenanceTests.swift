import Foundation
import Testing
@testable import Fulcrum

/// Every output says where it came from, so a number can be reproduced months later.
@Suite struct ProvenanceTests {
    static let app = ScenarioFiles.directory + "/growth-to-profit.yaml"

    @Test func theHashIsSHA256OfTheFile() throws {
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(long) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let text = try String(contentsOfFile: Self.app, encoding: .utf8)
        #expect(try ScenarioLoader.load(path: Self.app).sourceSHA256 == SHA256.hex(text.utf8))
    }

    static let commands: [[String]] = [
        ["simulate"], ["rank"], ["compare"], ["optimize"], ["align", "--plan", "grow_fast"], ["stress", "--shock", "churn=+20%"],
        ["sensitivity"], ["voi"],
    ]

    @Test(arguments: commands)
    func everyJSONOutputRecordsItsOrigin(_ command: [String]) throws {
        let run = try Binary.run(command + [Self.app, "--samples", "500", "--seed", "3", "--format", "json", "--goal", "growth",
                                            "--target", "160_000", "--horizon", "10", "--set", "churn=beta(mean=0.06, sd=0.01)"])
        #expect(run.status == 0, "\(command): \(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let provenance = try #require(json["provenance"] as? [String: Any])
        #expect(provenance["file"] as? String == Self.app)
        #expect(provenance["sha256"] as? String == SHA256.hex(try String(contentsOfFile: Self.app, encoding: .utf8).utf8))
        #expect(provenance["set"] as? [String] == ["churn=beta(mean=0.06, sd=0.01)"])
        #expect(provenance["shocks"] as? [String] == (command[0] == "stress" ? ["churn=+20%"] : []))
        #expect(provenance["goal"] as? String == "growth")
        #expect(provenance["target"] as? Double == 160_000)
        #expect(provenance["horizon"] as? Int == 10)
        #expect(provenance["seed"] as? Int == 3 && provenance["samples"] as? Int == 500)
        #expect(provenance["version"] as? String == FulcrumVersion.current)
        let table = try Binary.run(command + [Self.app, "--samples", "500"])
        #expect(table.stdout.contains("Provenance: \(Self.app)"), "\(command)")
        let markdown = try Binary.run(command + [Self.app, "--samples", "500", "--format", "markdown"])
        #expect(markdown.stdout.contains("_Provenance: "), "\(command)")
    }
}
