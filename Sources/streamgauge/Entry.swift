import ArgumentParser
import StreamgaugeCommands

/// The executable's entry point: runs the asynchronous `streamgauge` command.
@main
enum Entry: AsyncMainProtocol {
    typealias Command = Streamgauge
}
