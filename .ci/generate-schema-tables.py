#!/usr/bin/env python3
"""Writes the Swift tables infragen takes from the CloudFormation resource schemas that cfn-lint ships.

Re-run it when cfn-lint is upgraded (`make schema-tables`); `make test` fails when the checked-in
tables differ from what it writes (`--check`). It writes:

- Sources/InfragenStacks/Configuration/AllowedValues.swift: the values a configuration may choose
  for RDS (engine versions, valid and deprecated; instance classes per engine and version family),
  ElastiCache (node types; Redis and Valkey versions) and OpenSearch (instance types). Instance
  classes and node types are those cfn-lint allows in us-east-1, its default region. cfn-lint has no
  list of OpenSearch instance types, so they come from the OpenSearch service model of botocore,
  read from the botocore wheel given with `--botocore WHEEL` (the Makefile downloads a pinned one).
- Sources/InfragenCore/ReplacementProperties.swift: the create-only properties (a change replaces
  the resource) of the stateful resource types `infragen diff` marks.
"""

import gzip
import json
import re
import sys
import zipfile
from pathlib import Path

import cfnlint

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Path(cfnlint.__file__).parent / "data" / "schemas"
EXTENSIONS = SCHEMAS / "extensions"
REGION = "us-east-1"
ENGINES = ["mysql", "mariadb", "postgres", "aurora-mysql", "aurora-postgresql"]
CACHE_ENGINES = ["redis", "valkey"]
# OpenSearch families the service offers that botocore's enum (no longer kept up to date by AWS)
# does not list, from "Supported instance types in Amazon OpenSearch Service".
SEARCH_FAMILIES_SINCE_BOTOCORE = ["c7g", "c7i", "i4g", "i4i", "i8g", "im4gn", "m7g", "m7i", "m8g", "oi2", "om2", "or2", "r7g", "r7gd", "r7i", "r8g", "r8gd"]
# The sizes EC2 instance types take.
EC2_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge"] + [f"{n}xlarge" for n in (2, 3, 4, 6, 8, 9, 10, 12, 16, 18, 24, 32, 48)]
STATEFUL_TYPES = [
    "AWS::DocDB::DBCluster",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::Elasticsearch::Domain",
    "AWS::KMS::Key",
    "AWS::Neptune::DBCluster",
    "AWS::OpenSearchService::Domain",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::S3::Bucket",
    "AWS::SecretsManager::Secret",
]


def load(path):
    with open(path) as handle:
        return json.load(handle)


def enum_of(then, key):
    if not isinstance(then, dict):
        return None
    return then.get("properties", {}).get(key, {}).get("enum")


def engine_versions(resource):
    """Valid and deprecated versions by engine, from one resource type's extension schemas."""
    valid, deprecated = {}, {}
    for clause in load(EXTENSIONS / resource / "engine_version.json")["allOf"]:
        engine = clause["if"]["properties"].get("Engine", {}).get("const")
        versions = enum_of(clause.get("then"), "EngineVersion")
        if engine and versions is not None:
            valid[engine] = versions
    path = EXTENSIONS / resource / "engine_version_deprecated.json"
    if path.exists():
        for clause in load(path)["allOf"]:
            properties = clause["if"]["properties"]
            engine = properties.get("Engine", {}).get("const")
            if engine:
                deprecated[engine] = properties.get("EngineVersion", {}).get("enum", [])
    return valid, deprecated


def family(pattern):
    """The version family a pattern such as `^(8\\.4\\..+|8\\.4)$` names: `8.4`."""
    match = re.fullmatch(r"\^\((.+)\\\.\.\+\|(.+)\)\$", pattern)
    if not match or match.group(1) != match.group(2):
        raise SystemExit(f"unexpected version pattern {pattern!r}")
    return match.group(1).replace("\\.", ".")


def instance_classes():
    """For each engine: the classes allowed in the region, and per version family those of them allowed for it."""
    regional = {}
    for clause in load(EXTENSIONS / "aws_rds_dbinstance" / "dbinstanceclass_enum.json")[REGION]["allOf"]:
        properties = clause["if"]["properties"]
        engine = properties.get("Engine", {}).get("const")
        license_model = properties.get("LicenseModel")
        classes = enum_of(clause.get("then"), "DBInstanceClass")
        if engine in ENGINES and classes and license_model in (False, None):
            regional[engine] = set(classes)
    families = {engine: {} for engine in ENGINES}
    for clause in load(EXTENSIONS / "aws_rds_dbinstance" / "db_instance_class.json")["allOf"]:
        properties = clause["if"]["properties"]
        engine = properties.get("Engine", {}).get("const")
        pattern = properties.get("EngineVersion", {}).get("pattern")
        classes = enum_of(clause.get("then"), "DBInstanceClass")
        if engine in ENGINES and pattern and classes:
            families[engine][family(pattern)] = set(classes)
    return regional, families


def words(values, indent="      "):
    """A multi-line Swift string of space-separated words, lines under 100 characters."""
    lines, line = [], ""
    for value in values:
        if line and len(line) + len(value) + 1 > 96:
            lines.append(line)
            line = value
        else:
            line = f"{line} {value}" if line else value
    if line:
        lines.append(line)
    body = "\n".join(indent + entry for entry in lines)
    return f'"""\n{body}\n{indent}"""'


def version_key(version):
    """Orders versions by their parts, numbers as numbers (`8.0.9` before `8.0.10`)."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-]", version)]


def allowed_values():
    instance_valid, instance_deprecated = engine_versions("aws_rds_dbinstance")
    cluster_valid, cluster_deprecated = engine_versions("aws_rds_dbcluster")
    regional, families = instance_classes()
    cache_classes = load(EXTENSIONS / "aws_elasticache_cachecluster" / "cachenodetype_enum.json")[REGION]["enum"]
    cache_versions = {}
    for clause in load(EXTENSIONS / "aws_elasticache_cachecluster" / "engine_version.json")["allOf"]:
        engine = clause["if"]["properties"].get("Engine", {}).get("const")
        versions = enum_of(clause.get("then"), "EngineVersion")
        if engine in CACHE_ENGINES and versions:
            cache_versions[engine] = versions
    wheel = sys.argv[sys.argv.index("--botocore") + 1] if "--botocore" in sys.argv else None
    if not wheel:
        raise SystemExit("give the botocore wheel to read OpenSearch's instance types from: --botocore WHEEL")
    with zipfile.ZipFile(wheel) as archive:
        models = sorted(name for name in archive.namelist() if re.fullmatch(r"botocore/data/opensearch/[^/]+/service-2.json.gz", name))
        search_types = json.loads(gzip.decompress(archive.read(models[-1])))["shapes"]["OpenSearchPartitionInstanceType"]["enum"]
    botocore_version = re.search(r"botocore-([0-9.]+)-", Path(wheel).name).group(1)

    lists = []

    def list_index(classes):
        ordered = sorted(classes)
        if ordered not in lists:
            lists.append(ordered)
        return lists.index(ordered)

    out = [
        "// Generated by .ci/generate-schema-tables.py from the schemas of cfn-lint "
        + cfnlint.version.__version__
        + "; do not edit. Run `make schema-tables` after upgrading cfn-lint.",
        "// swift-format-ignore-file",
        "",
        "/// The values AWS accepts for the settings a configuration chooses, as cfn-lint knows them: a value",
        "/// outside these makes a template that CloudFormation rejects or cfn-lint warns about.",
        "enum AllowedValues {",
        "  /// An RDS or Aurora engine: its versions, the deprecated ones, and its instance classes.",
        "  struct DatabaseEngine {",
        "    /// The versions cfn-lint knows, deprecated ones included.",
        "    let versions: String",
        "    /// The versions cfn-lint reports as deprecated.",
        "    let deprecated: String",
        "    /// The instance classes allowed in us-east-1, as an index into ``classLists``.",
        "    let classes: Int",
        "    /// For a version family (`8.4`: `8.4` and `8.4.*`), the classes it allows, as an index into ``classLists``.",
        "    let families: [String: Int]",
        "  }",
        "",
        "  /// Each engine infragen renders, by the name CloudFormation gives it.",
        "  static let databaseEngines: [String: DatabaseEngine] = [",
    ]
    for engine in ENGINES:
        aurora = engine.startswith("aurora")
        valid = (cluster_valid if aurora else instance_valid)[engine]
        deprecated = (cluster_deprecated if aurora else instance_deprecated).get(engine, [])
        relevant = {}
        for name, classes in sorted(families[engine].items(), key=lambda item: version_key(item[0])):
            if any(version == name or version.startswith(name + ".") for version in valid):
                relevant[name] = list_index(regional[engine] & classes)
        family_entries = ", ".join(f'"{name}": {index}' for name, index in relevant.items())
        out += [
            f'    "{engine}": DatabaseEngine(',
            f"      versions: {words(sorted(valid, key=version_key), '        ')},",
            f"      deprecated: {words(sorted(deprecated, key=version_key), '        ')},",
            f"      classes: {list_index(regional[engine])},",
            f"      families: [{family_entries or ':'}]),",
        ]
    out += ["  ]", "", "  /// The instance class lists the engines share.", "  static let classLists: [String] = ["]
    for classes in lists:
        out.append(f"    {words(classes)},")
    out += [
        "  ]",
        "",
        "  /// ElastiCache node types allowed in us-east-1.",
        f"  static let cacheNodeTypes = {words(sorted(cache_classes), '    ')}",
        "",
        "  /// ElastiCache engine versions, by engine.",
        "  static let cacheEngineVersions: [String: String] = [",
    ]
    for engine in CACHE_ENGINES:
        out.append(f'    "{engine}": {words(sorted(cache_versions[engine], key=version_key))},')
    families = sorted({name.split(".")[0] for name in search_types} | set(SEARCH_FAMILIES_SINCE_BOTOCORE))
    out += [
        "  ]",
        "",
        f"  /// OpenSearch instance families: those of the OpenSearch model of botocore {botocore_version}, and those",
        "  /// the service offers that its enum does not list yet (see the generator).",
        f"  static let searchInstanceFamilies = {words(families, '    ')}",
        "",
        "  /// The sizes of OpenSearch instance types (`large` in `r7g.large.search`).",
        f"  static let searchInstanceSizes = {words(EC2_SIZES, '    ')}",
        "}",
        "",
    ]
    return "\n".join(out)


def replacement_properties():
    providers = (SCHEMAS / "providers" / "us_east_1.py").read_text()
    out = [
        "// Generated by .ci/generate-schema-tables.py from the schemas of cfn-lint "
        + cfnlint.version.__version__
        + "; do not edit. Run `make schema-tables` after upgrading cfn-lint.",
        "// swift-format-ignore-file",
        "",
        "/// The properties of stateful resource types that CloudFormation cannot change in place: a new",
        "/// value replaces the resource (its schema's `createOnlyProperties`), and with it the data it holds.",
        "public enum ReplacementProperties {",
        "  /// The top-level properties, by resource type, whose change replaces the resource.",
        "  public static let always: [String: Set<String>] = [",
    ]
    for resource_type in STATEFUL_TYPES:
        match = re.search(r'"' + re.escape(resource_type) + r'": "([0-9a-f]+)"', providers)
        if not match:
            raise SystemExit(f"{resource_type} is not in cfn-lint's us-east-1 provider schemas")
        schema = load(SCHEMAS / "resources" / f"{match.group(1)}.json")
        pointers = schema.get("createOnlyProperties") or []
        names = sorted({pointer.split("/")[2] for pointer in pointers if pointer.startswith("/properties/")})
        out.append(f'    "{resource_type}": [{", ".join(chr(34) + name + chr(34) for name in names)}],')
    out += ["  ]", "}", ""]
    return "\n".join(out)


def main():
    outputs = {
        ROOT / "Sources/InfragenStacks/Configuration/AllowedValues.swift": allowed_values(),
        ROOT / "Sources/InfragenCore/ReplacementProperties.swift": replacement_properties(),
    }
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in outputs.items():
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text)
    if stale:
        print(
            "error: " + ", ".join(stale) + " differ from cfn-lint's schemas; run `make schema-tables` and review the diff",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
