import ArgumentParser

@main
struct EmulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ses-metrics-emulator",
        abstract: "A local emulator of the AWS SESv2 BatchGetMetricData API.",
        version: EmulatorVersion.string,
        subcommands: [ServeCommand.self, GenerateCommand.self, IngestCommand.self, BenchQueryCommand.self,
                      HealthcheckCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
