"""Creates the reference stack's network in an AWS API endpoint (moto's server in the tests),
resource by resource, tagged as CloudFormation tags what it creates, and changes it by hand.

    python reference_network.py ENDPOINT create       the network of Templates/stack.json
    python reference_network.py ENDPOINT open-database  3306 from 0.0.0.0/0 on the database's group
    python reference_network.py ENDPOINT attach-group   a second group on the database
    python reference_network.py ENDPOINT public-task    a public IP on a task of the service

moto's CloudFormation does not model every type of the stack, so each resource is created with
its own API call. moto creates no network interfaces for caches and tasks: they are created here
as AWS creates them (an ElastiCache interface carries the cache's groups; a task's interface, its
service's groups and, with a public IP, an association).
"""

import sys

import boto3

ENDPOINT, ACTION = sys.argv[1], sys.argv[2]
REGION = "us-east-1"
STACK = "infragen-reference"


def client(service):
    return boto3.client(
        service, endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test"
    )


ec2, elbv2, ecs, rds, elasticache, opensearch = (
    client(name) for name in ("ec2", "elbv2", "ecs", "rds", "elasticache", "opensearch")
)


def tags(logical_id, resource_type=None):
    pairs = [
        {"Key": "aws:cloudformation:stack-name", "Value": STACK},
        {"Key": "aws:cloudformation:logical-id", "Value": logical_id},
    ]
    if resource_type is None:
        return pairs
    return [{"ResourceType": resource_type, "Tags": pairs}]


def group_id(logical_id):
    groups = ec2.describe_security_groups(
        Filters=[{"Name": "tag:aws:cloudformation:logical-id", "Values": [logical_id]}]
    )["SecurityGroups"]
    return groups[0]["GroupId"]


def subnet_id(logical_id):
    subnets = ec2.describe_subnets(Filters=[{"Name": "tag:aws:cloudformation:logical-id", "Values": [logical_id]}])
    return subnets["Subnets"][0]["SubnetId"]


def tcp(port, **peer):
    rule = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if "cidr" in peer:
        rule["IpRanges"] = [{"CidrIp": peer["cidr"]}]
    else:
        rule["UserIdGroupPairs"] = [{"GroupId": peer["group"]}]
    return rule


def create():
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=tags("VPC", "vpc"))["Vpc"]["VpcId"]
    gateway = ec2.create_internet_gateway(TagSpecifications=tags("InternetGateway", "internet-gateway"))
    gateway = gateway["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    subnets = {}
    for name, block, zone in [
        ("PublicSubnet1", "10.0.0.0/20", "us-east-1a"),
        ("PublicSubnet2", "10.0.16.0/20", "us-east-1b"),
        ("PrivateSubnet1", "10.0.128.0/20", "us-east-1a"),
        ("PrivateSubnet2", "10.0.144.0/20", "us-east-1b"),
    ]:
        subnet = ec2.create_subnet(
            VpcId=vpc, CidrBlock=block, AvailabilityZone=zone, TagSpecifications=tags(name, "subnet")
        )
        subnets[name] = subnet["Subnet"]["SubnetId"]
    public = ec2.create_route_table(VpcId=vpc, TagSpecifications=tags("PublicRouteTable", "route-table"))
    public = public["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    for name in ("PublicSubnet1", "PublicSubnet2"):
        ec2.associate_route_table(RouteTableId=public, SubnetId=subnets[name])
    for index, name in ((1, "PrivateSubnet1"), (2, "PrivateSubnet2")):
        table = ec2.create_route_table(
            VpcId=vpc, TagSpecifications=tags("PrivateRouteTable%d" % index, "route-table")
        )
        ec2.associate_route_table(RouteTableId=table["RouteTable"]["RouteTableId"], SubnetId=subnets[name])

    groups = {}
    for name in ("LoadBalancer", "Service", "Database", "Cache", "Search"):
        group = ec2.create_security_group(
            GroupName=name.lower(), Description=name, VpcId=vpc,
            TagSpecifications=tags(name + "SecurityGroup", "security-group"),
        )
        groups[name] = group["GroupId"]
        # The template replaces the default egress (all traffic out) with its own rules.
        ec2.revoke_security_group_egress(
            GroupId=group["GroupId"], IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
        )
    closed = {"IpProtocol": "icmp", "FromPort": 252, "ToPort": 86, "IpRanges": [{"CidrIp": "255.255.255.255/32"}]}
    for name in ("LoadBalancer", "Database", "Cache", "Search"):
        ec2.authorize_security_group_egress(GroupId=groups[name], IpPermissions=[closed])
    ec2.authorize_security_group_ingress(
        GroupId=groups["LoadBalancer"], IpPermissions=[tcp(443, cidr="0.0.0.0/0"), tcp(80, cidr="0.0.0.0/0")]
    )
    ec2.authorize_security_group_egress(GroupId=groups["LoadBalancer"], IpPermissions=[tcp(3000, group=groups["Service"])])
    ec2.authorize_security_group_ingress(GroupId=groups["Service"], IpPermissions=[tcp(3000, group=groups["LoadBalancer"])])
    ec2.authorize_security_group_egress(
        GroupId=groups["Service"],
        IpPermissions=[
            tcp(443, cidr="0.0.0.0/0"), tcp(3306, group=groups["Database"]), tcp(6379, group=groups["Cache"]),
            tcp(443, group=groups["Search"]),
        ],
    )
    for name, port in (("Database", 3306), ("Cache", 6379), ("Search", 443)):
        ec2.authorize_security_group_ingress(GroupId=groups[name], IpPermissions=[tcp(port, group=groups["Service"])])

    private = [subnets["PrivateSubnet1"], subnets["PrivateSubnet2"]]
    balancer = elbv2.create_load_balancer(
        Name="reference", Subnets=[subnets["PublicSubnet1"], subnets["PublicSubnet2"]],
        SecurityGroups=[groups["LoadBalancer"]], Scheme="internet-facing", Type="application",
    )["LoadBalancers"][0]["LoadBalancerArn"]
    target = elbv2.create_target_group(
        Name="reference", Protocol="HTTP", Port=3000, VpcId=vpc, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(
        LoadBalancerArn=balancer, Protocol="HTTP", Port=443,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": target}],
    )
    elbv2.create_listener(
        LoadBalancerArn=balancer, Protocol="HTTP", Port=80,
        DefaultActions=[{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}],
    )
    ecs.create_cluster(clusterName="reference")
    ecs.register_task_definition(
        family="reference", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        containerDefinitions=[{"name": "app", "image": "node:20", "portMappings": [{"containerPort": 3000}]}],
    )
    ecs.create_service(
        cluster="reference", serviceName="reference", taskDefinition="reference", desiredCount=2, launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": private, "securityGroups": [groups["Service"]], "assignPublicIp": "DISABLED"}
        },
        loadBalancers=[{"targetGroupArn": target, "containerName": "app", "containerPort": 3000}],
        tags=[{"key": t["Key"], "value": t["Value"]} for t in tags("Service")],
    )
    rds.create_db_subnet_group(DBSubnetGroupName="reference", DBSubnetGroupDescription="private", SubnetIds=private)
    rds.create_db_instance(
        DBInstanceIdentifier="reference", DBInstanceClass="db.t3.micro", Engine="mysql", MasterUsername="admin",
        MasterUserPassword="password-for-moto", AllocatedStorage=20, VpcSecurityGroupIds=[groups["Database"]],
        DBSubnetGroupName="reference", PubliclyAccessible=False, MultiAZ=True, Port=3306, Tags=tags("Database"),
    )
    elasticache.create_cache_subnet_group(
        CacheSubnetGroupName="reference", CacheSubnetGroupDescription="private", SubnetIds=private
    )
    elasticache.create_replication_group(
        ReplicationGroupId="reference", ReplicationGroupDescription="cache", Engine="redis",
        CacheNodeType="cache.t3.micro", NumCacheClusters=2, SecurityGroupIds=[groups["Cache"]],
        CacheSubnetGroupName="reference",
    )
    for index, subnet in enumerate(private, start=1):
        ec2.create_network_interface(
            SubnetId=subnet, Groups=[groups["Cache"]], Description="ElastiCache reference-00%d" % index
        )
    opensearch.create_domain(
        DomainName="reference", VPCOptions={"SubnetIds": private, "SecurityGroupIds": [groups["Search"]]}
    )
    for subnet in private:
        ec2.create_network_interface(
            SubnetId=subnet, Groups=[groups["Service"]],
            Description="arn:aws:ecs:us-east-1:123456789012:attachment/reference-%s" % subnet,
        )


def database_group():
    return group_id("DatabaseSecurityGroup")


if ACTION == "create":
    create()
elif ACTION == "open-database":
    ec2.authorize_security_group_ingress(GroupId=database_group(), IpPermissions=[tcp(3306, cidr="0.0.0.0/0")])
elif ACTION == "attach-group":
    vpc = ec2.describe_security_groups(GroupIds=[database_group()])["SecurityGroups"][0]["VpcId"]
    extra = ec2.create_security_group(GroupName="admin", Description="added by hand", VpcId=vpc)["GroupId"]
    rds.modify_db_instance(DBInstanceIdentifier="reference", VpcSecurityGroupIds=[database_group(), extra])
elif ACTION == "public-task":
    interface = ec2.describe_network_interfaces(
        Filters=[{"Name": "description", "Values": ["arn:aws:ecs:*"]}]
    )["NetworkInterfaces"][0]["NetworkInterfaceId"]
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    ec2.associate_address(AllocationId=allocation, NetworkInterfaceId=interface)
else:
    sys.exit("unknown action " + ACTION)
