import ArgumentParser
import Foundation
import Fulcrum

@main
struct FulcrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fulcrum",
        abstract: "What-if simulation and prioritisation of product roadmaps against one business goal.",
        version: FulcrumVersion.current,
        subcommands: [Validate.self, Tree.self, Simulate.self, Rank.self, Compare.self, Optimize.self, Align.self, Stress.self,
                      SensitivityCommand.self, Voi.self, Report.self, Merge.self, Record.self, Actuals.self, Review.self, History.self, Learn.self])

    /// As ArgumentParser's, except that a usage error found while running (an unknown plan,
    /// say) points at the subcommand's help rather than the root's, and still exits 64.
    static func main() {
        prepareLinearAlgebra()
        StreamWriter.prepareSignals()
        var progress: ProgressLine?
        do {
            var command = try parseAsRoot()
            let name = type(of: command).configuration.commandName ?? "\(type(of: command))".lowercased()
            progress = ProgressLine.start(for: name, showing: (command as? ShowsProgress)?.showsProgress ?? false)
            do {
                try command.run()
                progress?.finish()
            } catch let error as ValidationError {
                progress?.finish()
                Terminal.error(error.message)
                StreamWriter.writeStandardError("Run 'fulcrum \(name) --help' for its options.\n")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
        } catch {
            progress?.finish()
            finish(with: error)
        }
    }

    /// As ArgumentParser's `exit(withError:)`, but help and version text go through
    /// `StreamWriter`, so that a full disk or a closed standard output is reported and exits
    /// non-zero instead of losing the text silently.
    private static func finish(with error: Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            do throws(StreamWriter.Failure) {
                if !message.isEmpty { try StreamWriter.writeStandardOutput(message + "\n") }
            } catch {
                if case .failed(let reason) = error {
                    Terminal.error("cannot write to standard output: \(reason)")
                    Foundation.exit(ExitCode.failure.rawValue)
                }
            }
        } else if !message.isEmpty {
            StreamWriter.writeStandardError(message + "\n")
        }
        Foundation.exit(code.rawValue)
    }
}
