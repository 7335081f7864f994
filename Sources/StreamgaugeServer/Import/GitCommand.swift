import Foundation

/// Runs git (its plumbing, one process per question, never one per commit) in a repository.
struct GitCommand: Sendable {
    let repositoryPath: String

    /// Runs `git -C PATH arguments` and returns its standard output; throws with git's own
    /// message when it fails.
    func output(_ arguments: [String], input: Data? = nil) throws -> Data {
        let process = try launch(arguments, withInput: input != nil)
        if let input, let writer = process.standardInputPipe?.fileHandleForWriting {
            // Write from the side so that a large answer cannot block git while we write.
            let feeding = Thread { writer.write(input); try? writer.close() }
            feeding.start()
        }
        let errors = PipeDrain(process.standardErrorPipe.fileHandleForReading)
        let output = process.standardOutputPipe.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        let error = errors.wait()
        guard process.process.terminationStatus == 0 else {
            throw GitImportError(String(decoding: error, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output
    }

    func text(_ arguments: [String], input: Data? = nil) throws -> String {
        String(decoding: try output(arguments, input: input), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Streams a command's output to `handle` in chunks as git writes it, so that a history of
    /// any size passes through bounded memory.
    func stream(_ arguments: [String], _ handle: (Data) async throws -> Void) async throws {
        let running = try launch(arguments)
        let reader = running.standardOutputPipe.fileHandleForReading
        // Drain standard error on the side so that git never blocks on a full pipe.
        let errors = PipeDrain(running.standardErrorPipe.fileHandleForReading)
        do {
            while true {
                let chunk = reader.readData(ofLength: 1 << 20)
                if chunk.isEmpty { break }
                try await handle(chunk)
            }
        } catch {
            // Nobody reads git's output any more: stop it rather than leave it blocked on the
            // pipe. SIGKILL, because git inherits this process's blocked signals (SIGTERM among
            // them), and the pipe closed so that a write fails rather than waits.
            try? reader.close()
            kill(running.process.processIdentifier, SIGKILL)
            running.process.waitUntilExit()
            throw error
        }
        running.process.waitUntilExit()
        let error = errors.wait()
        guard running.process.terminationStatus == 0 else {
            throw GitImportError(String(decoding: error, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private struct Running: @unchecked Sendable {
        let process: Process
        let standardOutputPipe: Pipe
        let standardErrorPipe: Pipe
        let standardInputPipe: Pipe?
    }

    private func launch(_ arguments: [String], withInput: Bool = false) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", repositoryPath] + arguments
        // Into a pipe git flushes after every record (one write per commit, and one read
        // here for each); GIT_FLUSH=0 lets it fill its buffer first. See git(1), GIT_FLUSH.
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_FLUSH"] = "0"
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let input = withInput ? Pipe() : nil
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        return Running(process: process, standardOutputPipe: output, standardErrorPipe: error, standardInputPipe: input)
    }
}

/// Reads a pipe to its end on a thread of its own. A blocking read must not hold one of the
/// threads Swift concurrency runs tasks on: there are as many as cores, and an import needs
/// them to write one batch while it reads the next.
private final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            finished.signal()
        }.start()
    }

    /// Everything read; waits for the end of the pipe (call once the process has ended).
    func wait() -> Data {
        finished.wait()
        return data
    }
}

/// Why an import cannot go on, in words a user can act on.
public struct GitImportError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
