// A platform team's stack on infragen's components: one VPC over three zones, one
// internet-facing ALB with HTTPS, `web` (the default route, on 3000) and `api` (`/api/*`, on
// 8080) behind it, a `worker` without a load balancer consuming the `jobs` queue, Aurora
// PostgreSQL used by api and worker, Redis used by api, secrets per service, alarms to SNS.
//
//   swift run MultiServiceExample > services.json
//
// What each service uses is its only wiring: the security-group rules on both sides, the
// grants, its environment and the flows recorded in Metadata, which `infragen validate` proves
// in exact mode.
import InfragenFormats
import InfragenModel
import InfragenStacks

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

var options = ReferenceStack.Options()
options.availabilityZones = 3
options.natGateways = .perZone

let environment = Environment(options: options, defaultService: "web", defaultPort: 3000)
let database = AuroraDatabase("Database", in: environment, engine: .auroraPostgreSQL, instanceCount: 2)
let cache = RedisCache("Cache", in: environment, replicas: 1)
let jobs = JobQueue("jobs", in: environment)

let web = WebService(ServiceSettings("web", count: 2, minimum: 2, maximum: 10), in: environment, port: 3000)
let api = WebService(
  ServiceSettings("api", count: 2, minimum: 2, maximum: 10, uses: [database, cache, jobs.sending]), in: environment,
  port: 8080, conditions: [.path(["/api/*"])], priority: 10)
let worker = WorkerService(
  ServiceSettings("worker", count: 1, minimum: 1, maximum: 20, uses: [database]), in: environment,
  consuming: jobs)

let stack = Stack(
  description: "Web, api and worker on ECS Fargate behind one ALB, with Aurora PostgreSQL, Redis and SQS",
  tags: [Tag("application", "shop")], exactFlows: true
) {
  environment
  database
  cache
  jobs
  web
  api
  worker
  Output(
    "LoadBalancerDnsName", description: "The load balancer's DNS name",
    value: TemplateString(environment.loadBalancer.dnsName))
  Output("JobsQueueUrl", description: "The jobs queue's URL", value: jobs.queue.url)
}

do {
  print(JSONEmitter().emit(try stack.template()), terminator: "")
} catch {
  let message = Array("MultiServiceExample: the stack does not lower:\n\(error)\n".utf8)
  _ = message.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
  exit(1)
}
