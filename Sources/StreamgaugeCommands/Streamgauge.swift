import ArgumentParser

/// The `streamgauge` command line: every command a team needs, from one binary.
public struct Streamgauge: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "streamgauge",
        abstract: "Measure software delivery as a value stream: DORA metrics from the tools you already have.",
        subcommands: [
            Serve.self, Demo.self, Ingest.self, Import.self, Report.self, Generate.self, Reprocess.self, Token.self, Connection.self, Flow.self, ExperimentCommand.self, Iterations.self, Alerts.self, CopyStore.self,
        ]
    )

    public init() {}
}
