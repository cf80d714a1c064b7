import InfragenCore
import InfragenFormats
import InfragenModel

/// The entry a single resource lowers to, with keys in their final order (as a stack lowers them).
func entry(_ resource: any Resource) -> Template.Resource? {
  Stack { resource }.lower().draft.resources.first
}

/// The entry as JSON text.
func json(_ resource: any Resource) -> String {
  entry(resource).map { JSONEmitter().emit(.object($0.document)) } ?? ""
}

/// A property of the lowered entry.
func property(_ resource: any Resource, _ key: String) -> TemplateValue? {
  entry(resource)?[property: key]
}

let vpc = VPC("Vpc", cidrBlock: cidr("10.0.0.0/16"))
let subnetA = Subnet(
  "SubnetA", vpc: vpc, cidrBlock: cidr("10.0.0.0/20"), availabilityZone: .init(index: 0), kind: .private)
let subnetB = Subnet(
  "SubnetB", vpc: vpc, cidrBlock: cidr("10.0.16.0/20"), availabilityZone: .init(index: 1), kind: .private)
let webGroup = SecurityGroup("WebGroup", description: "web", vpc: vpc)
let dbSecret = Secret("DbSecret", description: "db", generated: .credentials(username: "app", passwordLength: 32))

func cidr(_ text: String) -> IPv4CIDR {
  (try? IPv4CIDR(parsing: text)) ?? .anywhere
}
