import Foundation
import ValueStreamModel

/// Which services and repositories an event touches: what must be relinked when it changes.
public struct EventRouting: Sendable, Hashable {
    /// (service, normalised repository) pairs the event establishes.
    public var serviceRepositories: Set<ServiceRepository> = []
    public var services: Set<String> = []
    /// Normalised repositories whose services (however they were mapped) must be relinked.
    public var repositories: Set<String> = []

    public init() {}

    public static func of(_ event: DeliveryEvent, organization: OrganizationMap) -> EventRouting {
        var routing = EventRouting()
        func touch(repository: String) {
            let normalized = OrganizationMap.normalized(repository)
            routing.repositories.insert(normalized)
            for service in organization.services(forRepository: normalized) {
                routing.services.insert(service)
                routing.serviceRepositories.insert(ServiceRepository(service: service, repository: normalized))
            }
        }
        switch event {
        case .commit(let commit): touch(repository: commit.repository)
        case .pullRequest(let pullRequest): touch(repository: pullRequest.repository)
        case .deployment(let deployment):
            routing.services.insert(deployment.service)
            if let repository = deployment.repository {
                let normalized = OrganizationMap.normalized(repository)
                routing.serviceRepositories.insert(ServiceRepository(service: deployment.service, repository: normalized))
            }
        case .incident(let incident): routing.services.formUnion(incident.services)
        case .pipelineRun, .workItem: break
        }
        return routing
    }

    public mutating func formUnion(_ other: EventRouting) {
        serviceRepositories.formUnion(other.serviceRepositories)
        services.formUnion(other.services)
        repositories.formUnion(other.repositories)
    }
}

/// A repository whose commits feed a service.
public struct ServiceRepository: Sendable, Hashable {
    public var service: String
    public var repository: String

    public init(service: String, repository: String) {
        self.service = service
        self.repository = repository
    }
}

/// Collects what the events of one batch touch, resolving each repository's routing once: a
/// batch of commits from one repository costs a set lookup per commit, not a routing.
public struct EventRouter {
    public let organization: OrganizationMap
    /// Everything the events seen so far touch.
    public private(set) var touched = EventRouting()
    private var routedRepositories: Set<String> = []

    public init(organization: OrganizationMap) {
        self.organization = organization
    }

    /// Adds what `event` touches to `touched`.
    public mutating func touch(_ event: DeliveryEvent) {
        let repository: String
        switch event {
        case .commit(let commit): repository = commit.repository
        case .pullRequest(let pullRequest): repository = pullRequest.repository
        default:
            touched.formUnion(EventRouting.of(event, organization: organization))
            return
        }
        if routedRepositories.insert(repository).inserted {
            touched.formUnion(EventRouting.of(event, organization: organization))
        }
    }
}
