import InfragenCore
import InfragenModel

extension ConfigurationDecoder {
  /// The keys of `services.<name>`: its own, then those every service has.
  static let serviceKeys = Settings.keys(under: "services.*")

  /// `none`, written as a store's whole value.
  func isNone(_ value: TemplateValue) -> Bool { value.stringValue == "none" }

  /// `services:`: each name's kind and settings. An environment may change a service, not add one.
  mutating func services(_ value: TemplateValue, _ place: Place, merging: Bool) {
    isApplication = true
    guard let fields = mapping(value, place) else { return }
    for field in fields {
      let child = place.child(field.key, source)
      guard Pattern.serviceName.matches(field.key) else {
        fail(child, "'\(field.key)' is not a service name (\(Pattern.serviceName.description))")
        continue
      }
      if field.key == "environment" {
        fail(child, "'environment' names the environment's stack (environment.json); give the service another name")
        continue
      }
      if let index = application.services.firstIndex(where: { $0.name == field.key }) {
        var service = application.services[index]
        _ = decodeService(&service, field.value, child, merging: true)
        application.services[index] = service
      } else if merging {
        let names = application.services.map(\.name)
        let hint = Suggestion.closest(to: field.key, in: names).map { "; did you mean '\($0)'?" } ?? ""
        fail(
          child,
          "no service '\(field.key)' in the base settings\(hint); an environment may change a service, not add one")
      } else {
        var service = Application.Service(field.key, kind: .web)
        guard decodeService(&service, field.value, child, merging: false) else { continue }
        application.services.append(service)
        servicePlaces[field.key] = child
      }
    }
  }

  /// One service: its kind's keys here, the settings every service has by ``service(_:_:merging:known:)``
  /// in a decoder of its own, whose errors join these.
  /// - Returns: Whether the service has a kind, and so is one.
  @discardableResult
  mutating func decodeService(
    _ service: inout Application.Service, _ value: TemplateValue, _ place: Place, merging: Bool
  )
    -> Bool
  {
    guard let fields = mapping(value, place) else { return false }
    if !merging {
      guard let kindValue = fields["kind"] else {
        fail(place, "a service needs a kind (\(Application.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        return false
      }
      let kinds = Application.Kind.allCases.map(\.rawValue)
      guard let text = kindValue.stringValue, let kind = Application.Kind(rawValue: text) else {
        let hint = kindValue.stringValue.flatMap { Suggestion.closest(to: $0, in: kinds) }.map {
          "; did you mean '\($0)'?"
        }
        fail(
          place.child("kind", source),
          "expected one of \(kinds.joined(separator: ", ")), found \(describe(kindValue))\(hint ?? "")")
        return false
      }
      service.kind = kind
    } else if fields["kind"] != nil {
      fail(
        place.child("kind", source), "a service's kind is the same in every environment; set it in the base settings")
    }
    var settings = ConfigurationDecoder(source: source, syntax: syntax)
    settings.options = service.settings
    settings.servicePrefix = place.name
    settings.service(value, place, merging: merging, known: Self.serviceKeys)
    settings.crossCheckService()
    errors += settings.errors
    service.settings = settings.options
    service.settings.serviceName = service.name
    let kind = service.kind
    for field in fields {
      let child = place.child(field.key, source)
      switch field.key {
      case "port":
        if kind == .worker || kind == .scheduled {
          fail(child, "a \(kind.rawValue) service takes no connections, so it has no port")
        } else {
          service.port = settings.options.containerPort
        }
      case "path", "host":
        guard kind == .web else {
          fail(child, "only a web service has a listener rule; a \(kind.rawValue) service has no \(field.key)")
          continue
        }
        let values = strings(field.value, child, matching: field.key == "path" ? .routePath : .hostName)
        if field.key == "path" { service.paths = values } else { service.hosts = values }
        mark("\(place.name).rule", child)
      case "priority":
        guard kind == .web else {
          fail(child, "only a web service has a listener rule; a \(kind.rawValue) service has no priority")
          continue
        }
        if let priority = integer(field.value, child, Settings.range("services.*.priority")) {
          service.priority = priority
          mark("\(place.name).priority", child)
        }
      case "schedule":
        guard kind == .scheduled else {
          fail(child, "only a scheduled service runs on a schedule; this one is \(kind.rawValue)")
          continue
        }
        if let schedule = string(field.value, child, matching: .schedule) { service.schedule = schedule }
      case "uses":
        service.uses = strings(field.value, child, matching: nil)
        mark("\(place.name).uses", child)
      default: break
      }
    }
    if kind == .scheduled && service.schedule.isEmpty && !merging {
      fail(place, "a scheduled service needs a schedule: rate(...) or cron(...)")
    }
    return true
  }

  /// A text or a list of texts.
  mutating func strings(_ value: TemplateValue, _ place: Place, matching pattern: Pattern?) -> [String] {
    if case .list(let items) = value {
      return items.enumerated().compactMap { string($1, place.element($0, source), matching: pattern) }
    }
    return string(value, place, matching: pattern).map { [$0] } ?? []
  }

  /// `queues:`: each name's settings.
  mutating func queues(_ value: TemplateValue, _ place: Place, merging: Bool) {
    isApplication = true
    guard let fields = mapping(value, place) else { return }
    for field in fields {
      let child = place.child(field.key, source)
      guard Pattern.serviceName.matches(field.key) else {
        fail(child, "'\(field.key)' is not a queue name (\(Pattern.serviceName.description))")
        continue
      }
      var queue =
        application.queues.first { $0.name == field.key } ?? Application.QueueSettings(name: field.key)
      members(field.value, child, known: Settings.keys(under: "queues.*")) { decoder, key, value, place in
        switch key {
        case "deadLetter":
          if let flag = decoder.boolean(value, place), !flag {
            decoder.fail(
              place, "a queue always has a dead-letter queue, so that a failing message is kept, not retried forever")
          }
        default:
          if let seconds = decoder.integer(value, place, Settings.range("queues.*.visibilityTimeout")) {
            queue.visibilityTimeoutSeconds = seconds
          }
        }
      }
      if let index = application.queues.firstIndex(where: { $0.name == field.key }) {
        application.queues[index] = queue
      } else if merging {
        fail(child, "no queue '\(field.key)' in the base settings; an environment may change a queue, not add one")
      } else {
        application.queues.append(queue)
      }
    }
  }

  /// `domain:`: a name and its hosted zone.
  mutating func domain(_ value: TemplateValue, _ place: Place) {
    isApplication = true
    var name: String?
    var zone: String?
    members(value, place, known: Settings.keys(under: "domain")) { decoder, key, value, place in
      if key == "name" {
        name = decoder.string(value, place, matching: .hostName)
      } else {
        zone = decoder.string(value, place, matching: .hostedZoneID)
      }
    }
    guard mapping(value, place) != nil else { return }
    if let name, let zone {
      application.domain = (name, zone)
    } else if errors.allSatisfy({ !$0.keyPath.hasPrefix(place.name) }) {
      fail(place, "a domain needs both name and hostedZoneId")
    }
  }

  /// The checks of an application made once every service is read: what each uses exists, a
  /// worker consumes a queue, one web service takes the default route, no two rules match the
  /// same requests, given priorities differ.
  mutating func checkApplication(_ root: Place) {
    let services = application.services
    let backends = services.filter { $0.kind == .backend }.map(\.name)
    let usable = application.storeNames + backends
    for service in services {
      let place = servicePlaces[service.name] ?? root
      let usesPlace = latest("\(place.name).uses") ?? place
      var seen = Set<String>()
      for (index, name) in service.uses.enumerated() {
        let element = usesPlace.element(index, source)
        if !seen.insert(name).inserted {
          fail(element, "'\(name)' is listed twice")
        } else if name == service.name {
          fail(element, "a service cannot use itself")
        } else if let other = services.first(where: { $0.name == name }), other.kind != .backend {
          let how =
            other.kind == .web
            ? "it is reached through the load balancer" : "it takes no connections"
          fail(element, "'\(name)' is a \(other.kind.rawValue) service: \(how); a service may use a backend service")
        } else if !usable.contains(name) {
          let hint = Suggestion.closest(to: name, in: usable).map { "; did you mean '\($0)'?" } ?? ""
          let known = usable.isEmpty ? "nothing" : usable.joined(separator: ", ")
          fail(element, "'\(name)' is not a store, queue or backend service of this file\(hint) (it may use: \(known))")
        } else if service.kind == .scheduled, backends.contains(name) {
          fail(element, "a scheduled task is not a Service Connect client, so it cannot reach the backend '\(name)'")
        }
      }
      if service.kind == .worker, !service.uses.contains(where: { $0.hasPrefix("queues.") }) {
        fail(place, "a worker service consumes a queue and scales on its depth; list one in uses (queues.<name>)")
      }
      let reserved = Set(
        service.uses.map { name in
          name.hasPrefix("queues.")
            ? "\(ServiceNames.constant(String(name.dropFirst("queues.".count))))_QUEUE_URL"
            : "\(ServiceNames.constant(name))_URL"
        })
      for variable in service.settings.environment where reserved.contains(variable.name) {
        if let variablePlace = latest("\(place.name).environment.\(variable.name)") {
          fail(variablePlace, "'\(variable.name)' is set by what the service uses")
        }
      }
    }
    let web = services.filter { $0.kind == .web }
    let servicesPlace = root.child("services", source)
    if web.isEmpty {
      fail(servicesPlace, "an application needs a web service: the load balancer's default route")
    } else if !web.contains(where: \.isDefaultRoute) {
      fail(
        servicesPlace,
        "no web service takes the load balancer's default route; give one path \"/*\" (or no path and no host)")
    }
    var rules: [String: String] = [:]
    var priorities: [Int: String] = [:]
    for service in web {
      let place = latest("\(servicePlaces[service.name]?.name ?? "").rule") ?? servicePlaces[service.name] ?? root
      let key =
        service.isDefaultRoute ? "default" : "\(service.paths.sorted())|\(service.hosts.sorted())"
      if let other = rules[key] {
        fail(place, "'\(service.name)' matches the same requests as '\(other)'; give it another path or host")
      } else {
        rules[key] = service.name
      }
      if let priority = service.priority {
        if let other = priorities[priority], let given = latest("\(servicePlaces[service.name]?.name ?? "").priority") {
          fail(given, "priority \(priority) is also '\(other)''s; each rule needs its own")
        } else {
          priorities[priority] = service.name
        }
      }
    }
  }

  /// The application, with the options of the base or the environment: `service:` alone is one
  /// web service on the default route that uses every store.
  var resolvedApplication: Application {
    var application = application
    application.options = options
    if application.services.isEmpty {
      var service = Application.Service(options.serviceName, kind: .web, settings: options)
      service.paths = ["/*"]
      service.uses = application.storeNames.filter { !$0.hasPrefix("queues.") }
      application.services = [service]
    }
    return application
  }
}
