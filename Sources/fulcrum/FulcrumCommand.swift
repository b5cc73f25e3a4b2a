import ArgumentParser
import Foundation
import Fulcrum

@main
struct FulcrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fulcrum",
        abstract: "What-if simulation and prioritisation of product roadmaps against one business goal.",
        subcommands: [Validate.self, Simulate.self, Rank.self, Compare.self, Optimize.self, Align.self, Stress.self,
                      SensitivityCommand.self, Voi.self])

    /// As ArgumentParser's, except that a usage error found while running (an unknown plan,
    /// say) points at the subcommand's help rather than the root's, and still exits 64.
    static func main() {
        prepareLinearAlgebra()
        StreamWriter.prepareSignals()
        do {
            var command = try parseAsRoot()
            do {
                try command.run()
            } catch let error as ValidationError {
                let name = type(of: command).configuration.commandName ?? "\(type(of: command))".lowercased()
                Terminal.error(error.message)
                StreamWriter.writeStandardError("Run 'fulcrum \(name) --help' for its options.\n")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        } catch {
            exit(withError: error)
        }
    }
}
