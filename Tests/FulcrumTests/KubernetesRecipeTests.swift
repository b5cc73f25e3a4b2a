import Foundation
import Testing
import Yams

/// `deploy/kubernetes`: no cluster runs here, so each pod's command is run as Kubernetes
/// would run it (`/bin/sh -c`, `JOB_COMPLETION_INDEX` from 0), with the volumes as local
/// directories, stage after stage as `run-sharded.sh` drives them. The Slurm recipe runs on
/// a real cluster in `make slurm-test`.
@Suite(.serialized) struct KubernetesRecipeTests {
    static let deploy = URL(fileURLWithPath: ScenarioFiles.directory).deletingLastPathComponent().appendingPathComponent("deploy/kubernetes").path

    /// The manifest with `run-sharded.sh`'s fields filled in, as envsubst would.
    private func manifest(_ name: String, _ fields: [String: String]) throws -> [String: Any] {
        var text = try String(contentsOfFile: Self.deploy + "/" + name, encoding: .utf8)
        for (key, value) in fields { text = text.replacingOccurrences(of: "${\(key)}", with: value) }
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    private func container(_ job: [String: Any]) throws -> [String: Any] {
        let spec = try #require(job["spec"] as? [String: Any])
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        return try #require((pod["containers"] as? [[String: Any]])?.first)
    }

    /// Runs a container's shell command with `/work` and `/runs` mapped to local directories.
    private func run(_ container: [String: Any], work: String, runs: String, environment: [String: String] = [:]) throws -> Binary.Run {
        let script = try #require((container["args"] as? [String])?.first)
            .replacingOccurrences(of: "/runs/", with: runs + "/")
            .replacingOccurrences(of: "fulcrum ", with: "\"$FULCRUM\" ")
        return try Binary.launch(URL(fileURLWithPath: "/bin/sh"), ["-c", "cd '\(work)' && " + script],
                                 environment: ["FULCRUM": Binary.url.path, "PATH": "/usr/bin:/bin"].merging(environment) { $1 })
    }

    @Test func anIndexedJobPerStageMergesToWhatOneProcessPrints() throws {
        let work = try TestSupport.temporaryDirectory(), runs = try TestSupport.temporaryDirectory()
        try FileManager.default.copyItem(atPath: ScenarioFiles.directory + "/online-store.yaml", toPath: work + "/online-store.yaml")
        let arguments = "voi online-store.yaml --samples 20000"
        var after = ""
        var stages = 0
        for stage in 1...5 {
            stages = stage
            let fields = ["SHARDS": "3", "RUN": "r1", "IMAGE": "fulcrum:test", "SCENARIOS": "scenarios", "VOLUME": "runs",
                          "FORMAT": "json", "ARGUMENTS": arguments, "AFTER": after, "STAGE": "\(stage)"]
            let shards = try manifest("fulcrum-shards.yaml", fields)
            #expect(shards["kind"] as? String == "Job")
            let spec = try #require(shards["spec"] as? [String: Any])
            #expect(spec["completionMode"] as? String == "Indexed")
            #expect(spec["completions"] as? Int == 3 && spec["parallelism"] as? Int == 3)
            for index in [2, 0, 1] {
                let pod = try run(container(shards), work: work, runs: runs, environment: ["JOB_COMPLETION_INDEX": "\(index)"])
                #expect(pod.status == 0, "pod \(index) of stage \(stage): \(pod.stderr)")
            }
            let merge = try run(container(try manifest("fulcrum-merge.yaml", fields)), work: work, runs: runs)
            #expect(merge.status == 0, "\(merge.stderr)")
            guard merge.stdout.hasSuffix("next stage\n") else {
                #expect(merge.stdout.hasSuffix("done\n"))
                break
            }
            after = "--after /runs/r1/stage-\(stage).merged"
        }
        #expect(stages == 2, "voi's second pass needs the first's totals")
        let one = try Binary.launch(URL(fileURLWithPath: "/bin/sh"), ["-c", "cd '\(work)' && \"$FULCRUM\" \(arguments) --format json"],
                                    environment: ["FULCRUM": Binary.url.path])
        #expect(try String(contentsOfFile: runs + "/r1/result.json", encoding: .utf8) == one.stdout)
    }

    /// `run-sharded.sh` itself, with a `kubectl` that only keeps what it is asked to apply:
    /// arguments that need quoting (a space, a quote, `$`, non-ASCII in the C locale) reach
    /// the pods' `/bin/sh` as written, and a control character is refused before any Job.
    @Test func theDriverHandsThePodsEveryArgumentAsWritten() throws {
        let work = try TestSupport.temporaryDirectory(), runs = try TestSupport.temporaryDirectory()
        let bin = try TestSupport.temporaryDirectory(), applied = try TestSupport.temporaryDirectory()
        defer { for directory in [work, runs, bin, applied] { try? FileManager.default.removeItem(atPath: directory) } }
        let scenario = "caf\u{E9}'s $HOME \\ plan.yaml"
        try FileManager.default.copyItem(atPath: ScenarioFiles.directory + "/online-store.yaml", toPath: work + "/" + scenario)
        try """
            #!/bin/sh
            case "$1" in
                apply) cat > "$APPLIED/$(ls "$APPLIED" | wc -l).yaml" ;;
                logs) echo done ;;
            esac
            """.write(toFile: bin + "/kubectl", atomically: true, encoding: .utf8)
        chmod(bin + "/kubectl", 0o755)
        let environment = ["PATH": bin + ":/usr/bin:/bin", "LC_ALL": "C", "APPLIED": applied]
        let arguments = ["simulate", scenario, "--samples", "4000"]
        let driver = try Binary.launch(URL(fileURLWithPath: "/bin/bash"),
                                       [Self.deploy + "/run-sharded.sh", "-n", "2", "-r", "r1", "-i", "fulcrum:test", "-c", "scenarios",
                                        "-v", "runs", "--"] + arguments, environment: environment)
        #expect(driver.status == 0, "\(driver.stderr)")
        let manifests = try (0..<2).map { try #require(try Yams.load(yaml: String(contentsOfFile: applied + "/\($0).yaml", encoding: .utf8)) as? [String: Any]) }
        for index in [1, 0] {
            let pod = try run(container(manifests[0]), work: work, runs: runs, environment: ["JOB_COMPLETION_INDEX": "\(index)"])
            #expect(pod.status == 0, "pod \(index): \(pod.stderr)")
        }
        #expect(try run(container(manifests[1]), work: work, runs: runs).status == 0)
        let one = try Binary.launch(Binary.url, arguments + ["--format", "json"], directory: work)
        #expect(try String(contentsOfFile: runs + "/r1/result.json", encoding: .utf8) == one.stdout)

        let refused = try Binary.launch(URL(fileURLWithPath: "/bin/bash"),
                                        [Self.deploy + "/run-sharded.sh", "-n", "2", "-r", "r2", "-i", "fulcrum:test", "-c", "scenarios",
                                         "-v", "runs", "--", "simulate", "two\nlines.yaml"], environment: environment)
        #expect(refused.status == 64 && refused.stderr.contains("control character"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: applied).count == 2, "no Job applied for the refused run")
    }

    @Test func theDriversAreValidShell() throws {
        let root = URL(fileURLWithPath: Self.deploy).deletingLastPathComponent().path
        for script in ["kubernetes/run-sharded.sh", "slurm/run-sharded.sh", "slurm/fulcrum-shard.sbatch"] {
            let check = try Binary.launch(URL(fileURLWithPath: "/bin/bash"), ["-n", root + "/" + script])
            #expect(check.status == 0, "\(script): \(check.stderr)")
        }
    }
}
