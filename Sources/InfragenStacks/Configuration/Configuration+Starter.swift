extension Configuration {
  /// The commented starter file `infragen init` writes: every setting with its default, so that
  /// the file as written renders the reference stack.
  public static let starter = """
    # infragen.yaml: the reference stack shaped for your service.
    # Every key is optional; each one shown here is set to its default.
    # Render:   infragen render [--env staging] > stack.json
    # Validate: infragen validate [--env staging]

    service:
      name: app                  # used in names and descriptions
      port: 3000                 # the container port the load balancer forwards to
      cpu: 512                   # Fargate CPU units (256, 512, 1024, 2048, 4096, 8192, 16384)
      memory: 1024               # MiB; must be a size Fargate allows with that cpu
      count:
        desired: 2
        min: 2                   # auto scaling keeps at least this many tasks
        max: 10
      scaling:
        cpu: 60                  # average CPU % auto scaling holds
        memory: 70               # average memory %
      healthCheckPath: /health
      environment:               # plain variables; secrets go under 'secrets'
        NODE_ENV: production
      secrets:                   # generated in Secrets Manager, injected at start
        - SESSION_SECRET

    network:
      vpcCidr: 10.0.0.0/16
      availabilityZones: 2       # 2 or 3
      natGateways: per-az        # per-az (highly available) or single (cheaper)
      # publicSubnets: [10.0.0.0/20, 10.0.16.0/20]     # one per zone; carved from vpcCidr when absent
      # privateSubnets: [10.0.128.0/20, 10.0.144.0/20]

    loadBalancer:
      deletionProtection: true

    database:                    # RDS for MySQL
      engineVersion: 8.4.7
      instanceClass: db.t4g.medium
      storage: 50                # GiB
      maxStorage: 200            # GiB, storage autoscaling's ceiling
      backupDays: 7
      multiAz: true

    cache:                       # ElastiCache for Redis
      engineVersion: '7.1'
      nodeType: cache.t4g.medium
      replicas: 1

    search:                      # OpenSearch Service, inside the VPC
      engineVersion: OpenSearch_2.13
      instanceType: m6g.large.search
      instanceCount: 2           # a multiple of availabilityZones
      volumeSize: 20             # GiB per node

    logs:
      retentionDays: 30

    alarms:
      serviceCpu: 80             # percent
      serviceMemory: 80
      loadBalancer5xx: 10        # 5xx responses per 5 minutes
      databaseCpu: 80
      databaseFreeStorageGiB: 5
      cacheCpu: 80
      cacheMemory: 80

    slack: true                  # alarms to Slack through AWS Chatbot

    tags: {}                     # added to every resource that takes tags, e.g. team: web

    environments:                # overrides, chosen with --env NAME
      staging:
        service:
          count: {desired: 1, min: 1, max: 2}
        network:
          natGateways: single
        loadBalancer:
          deletionProtection: false
        database:
          multiAz: false
          instanceClass: db.t4g.small
      production: {}

    """
}
