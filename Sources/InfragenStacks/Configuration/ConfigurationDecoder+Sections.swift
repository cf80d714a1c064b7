import InfragenCore
import InfragenModel

extension ConfigurationDecoder {
  /// The top-level keys.
  static let sections = Settings.keys(under: "")

  /// The environment variables the stack sets itself; a configuration cannot set them again.
  static let reservedVariables: Set<String> = [
    "PORT", "DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "REDIS_HOST", "REDIS_PORT", "REDIS_TLS",
    "REDIS_AUTH_TOKEN", "OPENSEARCH_URL",
  ]

  /// The options of the base settings, then of `environment`'s overrides; then the checks that
  /// involve two settings.
  mutating func decode(_ root: TemplateValue, environment: String?) -> ReferenceStack.Options {
    let rootPlace = Place(path: [], name: "", position: source.position(of: []))
    if case .null = root {
      if let environment { fail(rootPlace, "no environment '\(environment)': the file has no environments") }
      return options
    }
    guard let fields = mapping(root, rootPlace) else { return options }
    apply(fields, rootPlace, isEnvironment: false)
    if fields["service"] != nil, fields["services"] != nil {
      fail(
        rootPlace.child("service", source),
        "give service: (one service) or services: (several), not both; service: is read as one web service")
    }
    // Every environment is checked, whichever is chosen, so CI catches a broken one early.
    let base = self
    var found = Set<String>()
    var reported = Set(errors)
    func report(_ more: [ConfigurationError]) {
      for error in more where reported.insert(error).inserted { errors.append(error) }
    }
    var checked = base
    checked.errors = []
    checked.crossCheck()
    report(checked.errors)
    if environment == nil {
      options = checked.options
      application = checked.application
    }
    let environmentsPlace = rootPlace.child("environments", source)
    for field in fields["environments"]?.objectValue ?? Fields() {
      let place = environmentsPlace.child(field.key, source)
      var layer = base
      layer.errors = []
      if let overrides = layer.mapping(field.value, place) { layer.apply(overrides, place, isEnvironment: true) }
      layer.crossCheck()
      report(layer.errors)
      if field.key == environment {
        options = layer.options
        application = layer.application
        found.insert(field.key)
      }
    }
    if let environment, !found.contains(environment) {
      let names = fields["environments"]?.objectValue?.keys ?? []
      let hint = Suggestion.closest(to: environment, in: names).map { "; did you mean '\($0)'?" } ?? ""
      let available = names.isEmpty ? "the file defines none" : "available: \(names.joined(separator: ", "))"
      fail(
        fields["environments"] == nil ? Place(path: [], name: "environments", position: nil) : environmentsPlace,
        "no environment '\(environment)'\(hint) (\(available))")
    }
    return options
  }

  /// The checks that involve two settings, made once the layers are applied.
  mutating func crossCheck() {
    crossCheckService()
    if options.databaseMaxStorage < options.databaseStorage,

      let place = latest("database.maxStorage", "database.storage")
    {
      fail(
        place,
        "maxStorage \(options.databaseMaxStorage) is below storage \(options.databaseStorage) (maxStorage >= storage)")
    }
    let zones = options.availabilityZones
    if places["search.instanceCount"] == nil && options.searchInstanceCount % zones != 0 {
      options.searchInstanceCount = zones * ((options.searchInstanceCount + zones - 1) / zones)
    }
    if options.searchInstanceCount % zones != 0, let place = latest("search.instanceCount", "network.availabilityZones")
    {
      fail(
        place,
        "\(options.searchInstanceCount) search node\(options.searchInstanceCount == 1 ? "" : "s") cannot spread evenly over \(zones) zones (a multiple of \(zones))"
      )
    }
    checkSubnets()
    checkAllowedValues()
    if isApplication && !application.services.isEmpty {
      checkApplication(Place(path: [], name: "", position: source.position(of: [])))
    }
  }

  /// The checks of a service's settings that involve two of them: the task size, the counts, a
  /// name both in environment and secrets.
  mutating func crossCheckService() {
    let cpu = self.cpu ?? options.size.cpu
    let memory = self.memory ?? options.size.memory
    if let size = FargateSize(cpu: cpu, memory: memory) {
      options.size = size
    } else if let place = latest("\(servicePrefix).memory", "\(servicePrefix).cpu") {
      fail(place, "cpu \(cpu) with memory \(memory) is not a Fargate task size (\(FargateSize.allowed(forCPU: cpu)))")
    }
    let (desired, minimum, maximum) = (options.desiredCount, options.minimumCount, options.maximumCount)
    if minimum > maximum, let place = latest("\(servicePrefix).count.min", "\(servicePrefix).count.max") {
      fail(place, "min \(minimum) is above max \(maximum) (min <= desired <= max)")
    } else if !(minimum...max(minimum, maximum)).contains(desired),
      let place = latest(
        "\(servicePrefix).count.desired", "\(servicePrefix).count.min", "\(servicePrefix).count.max")
    {
      fail(place, "desired \(desired) is outside min \(minimum) and max \(maximum) (min <= desired <= max)")
    }
    for name in options.applicationSecrets where options.environment.contains(where: { $0.name == name }) {
      if let place = latest("\(servicePrefix).secrets.\(name)", "\(servicePrefix).environment.\(name)") {
        fail(
          place,
          "'\(name)' is both an environment variable and a secret; ECS refuses a task definition that sets a name twice (keep it in secrets)"
        )
      }
    }
  }

  /// The values AWS accepts, as cfn-lint's schemas list them: engine versions (not deprecated),
  /// instance classes for the engine at that version, node types, instance types.
  mutating func checkAllowedValues() {
    let engine = application.database?.engine.rawValue ?? "mysql"
    let version = options.databaseEngineVersion
    if let problem = AllowedValues.databaseVersionProblem(engine: engine, version: version),
      let place = latest("database.engineVersion")
    {
      fail(place, problem)
    } else if let problem = AllowedValues.databaseClassProblem(
      engine: engine, version: version, instanceClass: options.databaseInstanceClass),
      let place = latest("database.instanceClass", "database.engineVersion")
    {
      fail(place, problem)
    }
    if let problem = AllowedValues.cacheVersionProblem(engine: "redis", version: options.cacheEngineVersion),
      let place = latest("cache.engineVersion")
    {
      fail(place, problem)
    }
    if let problem = AllowedValues.cacheNodeTypeProblem(options.cacheNodeType), let place = latest("cache.nodeType") {
      fail(place, problem)
    }
    if let problem = AllowedValues.searchInstanceTypeProblem(options.searchInstanceType),
      let place = latest("search.instanceType")
    {
      fail(place, problem)
    }
  }

  /// Explicit subnets: one per zone, inside the VPC, not overlapping; computed ones need room.
  mutating func checkSubnets() {
    let vpc = options.vpcCIDR
    let zones = options.availabilityZones
    if options.publicSubnetCIDRs == nil || options.privateSubnetCIDRs == nil, vpc.prefixLength > 24,
      let place = latest("network.vpcCidr")
    {
      fail(
        place,
        "\(vpc) is too small to hold 16 subnets of at least /28 (a block from /16 to /24, or list publicSubnets and privateSubnets)"
      )
    }
    if !(16...28).contains(vpc.prefixLength), let place = latest("network.vpcCidr") {
      fail(place, "a VPC's block must be from /16 to /28, found /\(vpc.prefixLength)")
    }
    var seen: [(IPv4CIDR, String)] = []
    for key in ["publicSubnets", "privateSubnets"] {
      let blocks = key == "publicSubnets" ? options.publicSubnetCIDRs : options.privateSubnetCIDRs
      guard let blocks, let place = latest("network.\(key)") else { continue }
      if blocks.count != zones {
        fail(place, "\(blocks.count) subnets for \(zones) availability zones (one per zone)")
      }
      for (index, block) in blocks.enumerated() {
        let name = "\(place.name)[\(index)]"
        let element = place.element(index, source)
        if !vpc.contains(block) {
          fail(element, "\(block) does not fit in the VPC's \(vpc) (a block inside \(vpc))")
        } else if block.prefixLength > 28 {
          fail(element, "\(block) is smaller than /28, the smallest subnet AWS allows")
        } else if let other = seen.first(where: { $0.0.contains(block) || block.contains($0.0) }) {
          fail(element, "\(block) overlaps \(other.1) (\(other.0))")
        }
        seen.append((block, name))
      }
    }
  }

  /// Applies one layer of settings: the base, or an environment's overrides.
  mutating func apply(_ fields: Fields, _ place: Place, isEnvironment: Bool) {
    let known = isEnvironment ? Self.sections.filter { $0 != "environments" } : Self.sections
    members(.object(fields), place, known: known) { decoder, key, value, child in
      switch key {
      case "service": decoder.service(value, child, merging: isEnvironment)
      case "services": decoder.services(value, child, merging: isEnvironment)
      case "queues": decoder.queues(value, child, merging: isEnvironment)
      case "domain": decoder.domain(value, child)
      case "stacks":
        let allowed = ["single", "per-service"]
        guard let text = value.stringValue, allowed.contains(text) else {
          let hint = value.stringValue.flatMap { Suggestion.closest(to: $0, in: allowed) }.map {
            "; did you mean '\($0)'?"
          }
          decoder.fail(
            child, "expected one of single, per-service, found \(decoder.describe(value))\(hint ?? "")")
          return
        }
        decoder.application.perService = text == "per-service"
      case "network": decoder.network(value, child)
      case "loadBalancer":
        decoder.members(value, child, known: Settings.keys(under: "loadBalancer")) { decoder, _, value, place in
          if let flag = decoder.boolean(value, place) { decoder.options.loadBalancerDeletionProtection = flag }
        }
      case "database": decoder.database(value, child)
      case "cache": decoder.cache(value, child)
      case "search": decoder.search(value, child)
      case "logs":
        decoder.members(value, child, known: Settings.keys(under: "logs")) { decoder, _, value, place in
          guard let days = decoder.integer(value, place, 1...3653) else { return }
          guard LogGroup.retentionDays.contains(days) else {
            decoder.fail(
              place,
              "\(days) is not a CloudWatch Logs retention (\(LogGroup.retentionDays.map(String.init).joined(separator: ", ")))"
            )
            return
          }
          decoder.options.logRetentionDays = days
        }
      case "alarms": decoder.alarms(value, child)
      case "slack":
        if let flag = decoder.boolean(value, child) { decoder.options.slack = flag }
      case "tags": decoder.tags(value, child, merging: isEnvironment)
      case "environments":
        // Each environment's overrides are applied by `decode`; here only the shape is checked.
        _ = decoder.mapping(value, child)
      default: break
      }
    }
  }

  // MARK: Sections

  /// The settings every service has; `known` replaces the keys (`services.<name>` adds its own,
  /// which the caller reads).
  mutating func service(_ value: TemplateValue, _ place: Place, merging: Bool, known: [String]? = nil) {
    let known = known ?? Settings.keys(under: "service")
    members(value, place, known: known) { decoder, key, value, place in
      switch key {
      case "name":
        if let name = decoder.string(value, place, matching: .serviceName) { decoder.options.serviceName = name }
      case "port":
        if let port = decoder.integer(value, place, Settings.range("service.port")) {
          decoder.options.containerPort = port
        }
      case "cpu":
        if let cpu = decoder.integer(value, place, Settings.range("service.cpu")) {
          decoder.cpu = cpu
          decoder.mark("\(decoder.servicePrefix).cpu", place)
        }
      case "memory":
        if let memory = decoder.integer(value, place, Settings.range("service.memory")) {
          decoder.memory = memory
          decoder.mark("\(decoder.servicePrefix).memory", place)
        }
      case "count":
        decoder.members(value, place, known: Settings.keys(under: "service.count")) { decoder, key, value, place in
          guard let count = decoder.integer(value, place, Settings.range("service.count.\(key)")) else { return }
          switch key {
          case "desired": decoder.options.desiredCount = count
          case "min": decoder.options.minimumCount = count
          default: decoder.options.maximumCount = count
          }
          decoder.mark("\(decoder.servicePrefix).count.\(key)", place)
        }
      case "scaling":
        decoder.members(value, place, known: Settings.keys(under: "service.scaling")) { decoder, key, value, place in
          guard let target = decoder.integer(value, place, Settings.range("service.scaling.\(key)")) else { return }
          if key == "cpu" {
            decoder.options.cpuScalingTarget = target
          } else {
            decoder.options.memoryScalingTarget = target
          }
        }
      case "healthCheckPath":
        if let path = decoder.string(value, place, matching: .healthCheckPath) {
          decoder.options.healthCheckPath = path
        }
      case "environment": decoder.environment(value, place, merging: merging)
      case "secrets": decoder.secrets(value, place)
      default: break
      }
    }
  }

  mutating func environment(_ value: TemplateValue, _ place: Place, merging: Bool) {
    guard let fields = mapping(value, place) else { return }
    var variables = merging ? options.environment : []
    for field in fields {
      let child = place.child(field.key, source)
      guard Pattern.variableName.matches(field.key) else {
        fail(child, "'\(field.key)' is not an environment variable name (\(Pattern.variableName.description))")
        continue
      }
      guard !Self.reservedVariables.contains(field.key) else {
        fail(
          child,
          "'\(field.key)' is set by the stack itself (reserved: \(Self.reservedVariables.sorted().joined(separator: ", ")))"
        )
        continue
      }
      if ["PASSWORD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY"].contains(where: { field.key.contains($0) }) {
        fail(
          child,
          "'\(field.key)' looks like a secret; list it under service.secrets so that it comes from Secrets Manager, never from the template"
        )
        continue
      }
      guard let text = scalarText(field.value, child) else { continue }
      mark("\(servicePrefix).environment.\(field.key)", child)
      if let index = variables.firstIndex(where: { $0.name == field.key }) {
        variables[index] = EnvironmentVariable(field.key, TemplateString(stringLiteral: text))
      } else {
        variables.append(EnvironmentVariable(field.key, TemplateString(stringLiteral: text)))
      }
    }
    options.environment = variables
  }

  mutating func secrets(_ value: TemplateValue, _ place: Place) {
    guard case .list(let items) = value else {
      fail(place, "expected \(syntax.sequence) of environment variable names, found \(describe(value))")
      return
    }
    var names: [String] = []
    for (index, item) in items.enumerated() {
      let child = place.element(index, source)
      guard let name = string(item, child, matching: .variableName) else { continue }
      if Self.reservedVariables.contains(name) {
        fail(
          child,
          "'\(name)' is set by the stack itself (reserved: \(Self.reservedVariables.sorted().joined(separator: ", ")))")
      } else if names.contains(name) {
        fail(child, "'\(name)' is listed twice")
      } else {
        names.append(name)
        mark("\(servicePrefix).secrets.\(name)", child)
      }
    }
    options.applicationSecrets = names
  }

  mutating func network(_ value: TemplateValue, _ place: Place) {
    let known = Settings.keys(under: "network")
    members(value, place, known: known) { decoder, key, value, place in
      switch key {
      case "vpcCidr":
        if let block = decoder.cidr(value, place) {
          decoder.options.vpcCIDR = block
          decoder.mark("network.vpcCidr", place)
        }
      case "availabilityZones":
        guard case .integer(let zones) = value, zones == 2 || zones == 3 else {
          decoder.fail(place, "expected 2 or 3, found \(decoder.describe(value))")
          return
        }
        decoder.options.availabilityZones = zones
        decoder.mark("network.availabilityZones", place)
      case "natGateways":
        let allowed = [ReferenceStack.Options.NATGateways.perZone, .single]
        guard let text = value.stringValue, let choice = ReferenceStack.Options.NATGateways(rawValue: text) else {
          decoder.fail(
            place,
            "expected one of \(allowed.map(\.rawValue).joined(separator: ", ")), found \(decoder.describe(value))")
          return
        }
        decoder.options.natGateways = choice
      case "publicSubnets", "privateSubnets":
        guard case .list(let items) = value else {
          decoder.fail(
            place,
            "expected \(decoder.syntax.sequence) of CIDR blocks, one per availability zone, found \(decoder.describe(value))"
          )
          return
        }
        var blocks: [IPv4CIDR] = []
        for (index, item) in items.enumerated() {
          if let block = decoder.cidr(item, place.element(index, decoder.source)) { blocks.append(block) }
        }
        guard blocks.count == items.count else { return }
        if key == "publicSubnets" {
          decoder.options.publicSubnetCIDRs = blocks
        } else {
          decoder.options.privateSubnetCIDRs = blocks
        }
        decoder.mark("network.\(key)", place)
      default: break
      }
    }
  }

  mutating func database(_ value: TemplateValue, _ place: Place) {
    if isNone(value) {
      application.database = nil
      isApplication = true
      return
    }
    let known = Settings.keys(under: "database")
    members(value, place, known: known) { decoder, key, value, place in
      switch key {
      case "engine":
        let names = DatabaseEngine.allCases.map(\.rawValue) + ["none"]
        guard let text = value.stringValue, names.contains(text) else {
          let hint = value.stringValue.flatMap { Suggestion.closest(to: $0, in: names) }.map {
            "; did you mean '\($0)'?"
          }
          decoder.fail(
            place, "expected one of \(names.joined(separator: ", ")), found \(decoder.describe(value))\(hint ?? "")")
          return
        }
        if let engine = DatabaseEngine(rawValue: text) {
          let versionGiven = decoder.places["database.engineVersion"] != nil
          decoder.application.database = Application.Database(
            engine: engine, engineVersion: versionGiven ? decoder.options.databaseEngineVersion : nil)
          if !versionGiven { decoder.options.databaseEngineVersion = Application.Database.defaultVersion(engine) }
          if engine != .mysql { decoder.isApplication = true }
        } else {
          decoder.application.database = nil
          decoder.isApplication = true
        }
        decoder.mark("database.engine", place)
      case "instances":
        if let count = decoder.integer(value, place, Settings.range("database.instances")) {
          decoder.application.database?.instances = count
          decoder.mark("database.instances", place)
        }
      case "engineVersion":
        if let version = decoder.string(value, place, matching: .engineVersion) {
          decoder.options.databaseEngineVersion = version
          decoder.application.database?.engineVersion = version
          decoder.mark("database.engineVersion", place)
        }
      case "instanceClass":
        if let name = decoder.string(value, place, matching: .instanceClass(prefix: "db", example: "db.t4g.medium")) {
          decoder.options.databaseInstanceClass = name
          decoder.mark("database.instanceClass", place)
        }
      case "storage":
        if let size = decoder.integer(value, place, Settings.range("database.storage")) {
          decoder.options.databaseStorage = size
          decoder.mark("database.storage", place)
        }
      case "maxStorage":
        if let size = decoder.integer(value, place, Settings.range("database.maxStorage")) {
          decoder.options.databaseMaxStorage = size
          decoder.mark("database.maxStorage", place)
        }
      case "backupDays":
        if let days = decoder.integer(value, place, Settings.range("database.backupDays")) {
          decoder.options.databaseBackupDays = days
        }
      case "multiAz": if let flag = decoder.boolean(value, place) { decoder.options.databaseMultiAZ = flag }
      default: break
      }
    }
  }

  mutating func cache(_ value: TemplateValue, _ place: Place) {
    if isNone(value) {
      application.cacheNodes = nil
      isApplication = true
      return
    }
    members(value, place, known: Settings.keys(under: "cache")) {
      decoder, key, value, place in
      switch key {
      case "engine":
        guard let text = value.stringValue, ["redis", "none"].contains(text) else {
          decoder.fail(place, "expected redis or none, found \(decoder.describe(value))")
          return
        }
        if text == "none" {
          decoder.application.cacheNodes = nil
          decoder.isApplication = true
        }
      case "nodes":
        if let count = decoder.integer(value, place, Settings.range("cache.nodes")) {
          decoder.options.cacheReplicas = count - 1
          decoder.application.cacheNodes = count
          decoder.isApplication = true
          decoder.mark("cache.nodes", place)
        }
      case "engineVersion":
        if let version = decoder.string(value, place, matching: .version) {
          decoder.options.cacheEngineVersion = version
          decoder.mark("cache.engineVersion", place)
        }
      case "nodeType":
        if let name = decoder.string(
          value, place, matching: .instanceClass(prefix: "cache", example: "cache.t4g.medium"))
        {
          decoder.options.cacheNodeType = name
          decoder.mark("cache.nodeType", place)
        }
      case "replicas":
        if let count = decoder.integer(value, place, Settings.range("cache.replicas")) {
          decoder.options.cacheReplicas = count
          decoder.application.cacheNodes = count + 1
          decoder.mark("cache.replicas", place)
        }
      default: break
      }
    }
  }

  mutating func search(_ value: TemplateValue, _ place: Place) {
    if isNone(value) {
      application.search = false
      isApplication = true
      return
    }
    members(value, place, known: Settings.keys(under: "search")) {
      decoder, key, value, place in
      switch key {
      case "engineVersion":
        if let version = decoder.string(value, place, matching: .searchVersion) {
          decoder.options.searchEngineVersion = version
        }
      case "instanceType":
        if let name = decoder.string(value, place, matching: .searchInstanceType) {
          decoder.options.searchInstanceType = name
          decoder.mark("search.instanceType", place)
        }
      case "instanceCount":
        if let count = decoder.integer(value, place, Settings.range("search.instanceCount")) {
          decoder.options.searchInstanceCount = count
          decoder.mark("search.instanceCount", place)
        }
      case "volumeSize":
        if let size = decoder.integer(value, place, Settings.range("search.volumeSize")) {
          decoder.options.searchVolumeSize = size
        }
      default: break
      }
    }
  }

  mutating func alarms(_ value: TemplateValue, _ place: Place) {
    let known = Settings.keys(under: "alarms")
    members(value, place, known: known) { decoder, key, value, place in
      guard let n = decoder.integer(value, place, Settings.range("alarms.\(key)")) else { return }
      switch key {
      case "serviceCpu": decoder.options.alarms.serviceCPU = n
      case "serviceMemory": decoder.options.alarms.serviceMemory = n
      case "loadBalancer5xx": decoder.options.alarms.loadBalancer5xx = n
      case "databaseCpu": decoder.options.alarms.databaseCPU = n
      case "databaseFreeStorageGiB": decoder.options.alarms.databaseFreeStorageGiB = n
      case "cacheCpu": decoder.options.alarms.cacheCPU = n
      case "cacheMemory": decoder.options.alarms.cacheMemory = n
      default: break
      }
    }
  }

  mutating func tags(_ value: TemplateValue, _ place: Place, merging: Bool) {
    guard let fields = mapping(value, place) else { return }
    var tags = merging ? options.tags : []
    for field in fields {
      let child = place.child(field.key, source)
      guard (1...128).contains(field.key.count), !field.key.lowercased().hasPrefix("aws:") else {
        fail(child, "'\(field.key)' is not a tag key (1 to 128 characters, not starting with aws:)")
        continue
      }
      guard let text = scalarText(field.value, child) else { continue }
      guard text.count <= 256 else {
        fail(child, "the value is \(text.count) characters long (at most 256)")
        continue
      }
      let tag = Tag(field.key, TemplateString(stringLiteral: text))
      if let index = tags.firstIndex(where: { $0.key == field.key }) { tags[index] = tag } else { tags.append(tag) }
    }
    options.tags = tags
  }
}
