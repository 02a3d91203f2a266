import ArgumentParser

@main
struct SpanscopeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spanscope",
        abstract: "Spanscope: traces of a Swift service, kept and shown by the service itself.",
        subcommands: [DemoCommand.self, ConformanceCommand.self, ServeCommand.self, DemoServiceCommand.self]
    )
}
