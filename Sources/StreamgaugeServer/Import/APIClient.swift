import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs pages of a REST API the way GitHub and GitLab ask clients to behave: follows
/// `Link: <…>; rel="next"`, waits out rate limits (`Retry-After`, else `X-RateLimit-Reset` /
/// `RateLimit-Reset` when the remaining count is 0, else a minute for a secondary limit), and
/// retries server errors and dropped connections with exponential backoff.
public struct APIClient: Sendable {
    public struct Page: Sendable {
        public var body: Data
        public var next: URL?
    }

    public var headers: [String: String]
    /// The longest wait for a rate limit before giving up (the checkpoint lets a later run resume).
    public var maxRateLimitWait: Duration = .seconds(3_600)
    /// The first retry's delay; each next one doubles.
    public var retryDelay: Duration = .seconds(1)
    public var maxAttempts = 6
    /// Called before a wait, to tell the user why the import pauses.
    public var onWait: (@Sendable (String) -> Void)?

    public init(headers: [String: String]) {
        self.headers = headers
    }

    public func get(_ url: URL) async throws -> Page {
        var attempt = 0
        var delay = retryDelay
        while true {
            attempt += 1
            var request = URLRequest(url: url)
            request.timeoutInterval = 60
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let data: Data
            let response: HTTPURLResponse
            do {
                let (body, answer) = try await URLSession.shared.data(for: request)
                guard let http = answer as? HTTPURLResponse else { throw APIClientError("\(url): not an HTTP answer") }
                data = body
                response = http
            } catch let error as APIClientError {
                throw error
            } catch {
                guard attempt < maxAttempts else { throw APIClientError("\(url): \(error.localizedDescription) after \(attempt) attempts") }
                onWait?("connection failed (\(error.localizedDescription)); retrying in \(delay)")
                try await Task.sleep(for: delay)
                delay *= 2
                continue
            }
            let status = response.statusCode
            if (200..<300).contains(status) {
                return Page(body: data, next: Self.nextLink(response.value(forHTTPHeaderField: "Link")))
            }
            if status == 403 || status == 429, let wait = rateLimitWait(response, body: data) {
                guard wait <= maxRateLimitWait, attempt < maxAttempts + 2 else {
                    throw APIClientError("\(url): rate limited for \(wait); run the import again later, it resumes where it stopped")
                }
                onWait?("rate limited; waiting \(wait)")
                try await Task.sleep(for: wait)
                continue
            }
            if status >= 500, attempt < maxAttempts {
                onWait?("\(url.path) answered \(status); retrying in \(delay)")
                try await Task.sleep(for: delay)
                delay *= 2
                continue
            }
            let message = String(decoding: data.prefix(300), as: UTF8.self)
            throw APIClientError("\(url): HTTP \(status): \(message)")
        }
    }

    /// How long a 403 or 429 asks to wait, or `nil` when it is not a rate limit (a real refusal).
    func rateLimitWait(_ response: HTTPURLResponse, body: Data) -> Duration? {
        if let retryAfter = response.value(forHTTPHeaderField: "Retry-After"), let seconds = Double(retryAfter) {
            return .milliseconds(Int64(max(seconds, 0) * 1_000))
        }
        let remaining = response.value(forHTTPHeaderField: "X-RateLimit-Remaining") ?? response.value(forHTTPHeaderField: "RateLimit-Remaining")
        let reset = response.value(forHTTPHeaderField: "X-RateLimit-Reset") ?? response.value(forHTTPHeaderField: "RateLimit-Reset")
        if remaining == "0", let reset, let epoch = Double(reset) {
            let seconds = max(epoch - Date().timeIntervalSince1970, 0) + 1
            return .milliseconds(Int64(seconds * 1_000))
        }
        let text = String(decoding: body.prefix(2_000), as: UTF8.self).lowercased()
        if text.contains("secondary rate limit") || text.contains("abuse") || response.statusCode == 429 {
            return .seconds(60)
        }
        return nil
    }

    /// The `rel="next"` target of a Link header.
    public static func nextLink(_ header: String?) -> URL? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count >= 2, pieces.dropFirst().contains(where: { $0.replacingOccurrences(of: " ", with: "") == "rel=\"next\"" }) else { continue }
            let target = pieces[0].trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
            return URL(string: target)
        }
        return nil
    }
}

/// An API conversation that cannot go on.
public struct APIClientError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
