import Foundation
import ValueStreamModel

/// Turns one tool's request into native events; throws `EventDecodingError` for bad input.
public protocol RequestDecoder: Sendable {
    /// The channel name stored with archived requests.
    var channel: String { get }
    /// The request headers this decoder reads, kept in the archive.
    var relevantHeaders: Set<String> { get }
    func decode(_ request: RawRequest) throws(EventDecodingError) -> [IncomingEvent]
}

/// Every decoder by channel, so that archived requests can be decoded again.
public struct DecoderRegistry: Sendable {
    private let decoders: [String: any RequestDecoder]

    public init(_ decoders: [any RequestDecoder] = DecoderRegistry.standardDecoders(webhooks: WebhookDecoder())) {
        self.decoders = Dictionary(decoders.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every channel's decoder, with webhooks decoded by `webhooks` (which knows the connections).
    public static func standardDecoders(webhooks: WebhookDecoder) -> [any RequestDecoder] {
        [NativeEventDecoder(), CDEventsDecoder(), GitLogDecoder(), GitHubAPIDecoder(), GitLabAPIDecoder(), webhooks]
    }

    public func decoder(for channel: String) -> (any RequestDecoder)? { decoders[channel] }

    /// Decodes a request with its channel's decoder; also gives the request as it is archived
    /// (only the headers the decoder reads are kept).
    public func decode(_ request: RawRequest) throws(EventDecodingError) -> (events: [IncomingEvent], archived: RawRequest) {
        guard let decoder = decoders[request.channel] else {
            throw EventDecodingError("no decoder for channel \(request.channel)", line: 1)
        }
        var archived = request
        archived.headers = request.headers.filter { decoder.relevantHeaders.contains($0.key) }
        return (try decoder.decode(request), archived)
    }
}
