import Foundation
import Testing

/// The dashboard in a real browser: the demo server, driven by headless Chromium through
/// Selenium (`Tests/Browser/check_pages.py`). `.ci/run` installs Chromium, its driver and
/// Selenium from Debian; on a machine without them the test says it is skipped and why.
@Suite("The dashboard in a real browser")
struct BrowserTests {
    static let python = "/usr/bin/python3"
    static let chromedriver = "/usr/bin/chromedriver"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/check_pages.py")
    /// Screenshots land in the build folder, to be looked at.
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/browser-screenshots")

    static var browserIsInstalled: Bool {
        guard FileManager.default.isExecutableFile(atPath: chromedriver), FileManager.default.isExecutableFile(atPath: python) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import selenium"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    @Test(.enabled(if: browserIsInstalled, "needs chromium, chromedriver and python3-selenium (apt); .ci/run installs them"))
    func everyPageRendersItsChartsWithoutConsoleErrors() async throws {
        let cli = try CommandRunner()
        let port = 18_400 + Int.random(in: 0..<500)
        let server = try cli.start(["demo", "--port", String(port)])
        defer { server.terminate() }
        try await HTTP.waitUntilUp(port: port, process: server)

        let check = Process()
        check.executableURL = URL(fileURLWithPath: Self.python)
        check.arguments = [Self.script.path, "--base", "http://127.0.0.1:\(port)", "--out", Self.screenshots.path, "--chromedriver", Self.chromedriver]
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(text)")
        #expect(text.contains("0 failures"), "\(text)")
        let shots = (try? FileManager.default.contentsOfDirectory(atPath: Self.screenshots.path)) ?? []
        #expect(shots.filter { $0.hasSuffix(".png") }.count >= 22, "a desktop and a phone screenshot of each page")
    }
}
