# infragen: build, test and benchmark with the Swift toolchain alone; Python tools live in .venv.
SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
CFN_LINT_VERSION := 1.51.0
CFN_FLIP_VERSION := 1.3.0
CHECKOV_VERSION := 3.3.30
# pre-commit runs the hooks' test; check-jsonschema checks action.yml against SchemaStore's
# schema; sarif-pydantic checks SARIF reports against the SARIF 2.1.0 model. checkov needs
# packaging below 24, which the others accept.
HOOK_TOOLS := pre-commit==4.7.0 check-jsonschema==0.39.0 sarif-pydantic==0.6.2 packaging==23.2
# The audit's end-to-end test: moto's server emulates AWS; the AWS CLI (v1, from PyPI, on
# checkov's botocore) captures the snapshot.
AUDIT_TOOLS_MOTO := moto[server]==5.2.6
AUDIT_TOOLS_CLI := awscli==1.36.40
# The OpenSearch instance types of the configuration's allowed values come from botocore's model.
BOTOCORE_VERSION := 1.43.11
CHECKOV := $(VENV)/bin/checkov
CFN_LINT := $(VENV)/bin/cfn-lint
CFN_FLIP := $(VENV)/bin/cfn-flip
# The Python tools the tests use, installed into .venv on first use.
TOOLS := $(VENV)/.tools-$(CFN_LINT_VERSION)-$(CFN_FLIP_VERSION)-$(CHECKOV_VERSION)-pre-commit-4.7.0-moto-5.2.6
TEMPLATES := $(filter-out Templates/infragen.schema.json,$(wildcard Templates/*.json Templates/*.yaml Templates/example/*.json Templates/example/shop-stacks/*.json))
EXAMPLE := Templates/example/infragen.yaml
# The commit `infragen --version` names, given to every build: SwiftPM evaluates Package.swift
# again when the environment changes, not when HEAD moves.
export INFRAGEN_COMMIT := $(shell c=$$(git rev-parse --short=12 HEAD 2>/dev/null) && \
  { git diff --quiet HEAD -- 2>/dev/null || c=$$c-dirty; echo $$c; })
# The release binary is static: built with the Static Linux SDK's musl target when it is
# installed (`swift sdk list`), else against glibc with the Swift runtime and glibc linked in
# (-static-executable: no dynamic loader, no relocations to resolve at start). It lives in a
# build folder of its own, so that debug and test builds do not rebuild it.
MUSL_SDK := $(shell $(SWIFT) sdk list 2>/dev/null | grep -m1 static-linux)
ARCH := $(shell uname -m)
ifneq ($(MUSL_SDK),)
RELEASE_FLAGS := --swift-sdk $(ARCH)-swift-linux-musl --scratch-path .build-release
RELEASE_BINARY := .build-release/$(ARCH)-swift-linux-musl/release/infragen
else
RELEASE_FLAGS := --static-swift-stdlib -Xswiftc -static-executable --scratch-path .build-release
RELEASE_BINARY := .build-release/release/infragen
endif

.PHONY: all build release render test lint-templates checkov templates templates-check check bench format lint clean schema-tables

all: build

build:
	$(SWIFT) build

# dist/infragen-VERSION-linux-ARCH.tar.gz and its .sha256: the stripped static binary and the
# README, in a reproducible archive (sorted names, the commit's time, no owners).
release:
	$(SWIFT) build -c release --product infragen $(RELEASE_FLAGS)
	@version=$$($(RELEASE_BINARY) --version | cut -d' ' -f2) && name=infragen-$$version-linux-$(ARCH) && \
	  rm -rf dist/$$name && mkdir -p dist/$$name && \
	  cp $(RELEASE_BINARY) dist/$$name/infragen && strip dist/$$name/infragen && cp README.md dist/$$name/ && \
	  time=$$(git log -1 --format=%ct 2>/dev/null || echo 0) && \
	  tar --sort=name --mtime=@$$time --owner=0 --group=0 --numeric-owner -C dist -cf - $$name | gzip -n -9 \
	    > dist/$$name.tar.gz.tmp && mv dist/$$name.tar.gz.tmp dist/$$name.tar.gz && \
	  (cd dist && sha256sum $$name.tar.gz > $$name.tar.gz.sha256) && rm -rf dist/$$name && \
	  echo "dist/$$name.tar.gz ($$(wc -c < dist/$$name.tar.gz) bytes) and dist/$$name.tar.gz.sha256"

# Renders the reference stack to stack.json.
render: build
	$(SWIFT) run infragen render > stack.json

# Every test: unit, golden, CLI and end-to-end (swift test), Templates/ against a fresh render,
# swift format lint, then cfn-lint and checkov over Templates/.
test: build $(TOOLS)
	$(SWIFT) test
	$(MAKE) templates-check
	$(MAKE) lint
	$(MAKE) lint-templates
	$(MAKE) checkov

lint-templates: $(TOOLS)
	$(CFN_LINT) --non-zero-exit-code informational --include-checks I -- $(TEMPLATES)
	@echo "cfn-lint: no errors, no warnings, no informational finding in $(words $(TEMPLATES)) template(s)"

# checkov over every rendered template: any failed check fails; waivers carry their reasons.
checkov: $(TOOLS)
	@for template in $(TEMPLATES); do \
	  $(CHECKOV) --file $$template --framework cloudformation --compact --quiet --skip-download \
	    --output cli 2>/dev/null || { echo "checkov: failed checks in $$template"; exit 1; }; \
	done
	@echo "checkov: no failed check in $(words $(TEMPLATES)) template(s)"

$(TOOLS):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check \
	  cfn-lint==$(CFN_LINT_VERSION) cfn-flip==$(CFN_FLIP_VERSION) checkov==$(CHECKOV_VERSION) $(HOOK_TOOLS) \
	  '$(AUDIT_TOOLS_MOTO)' $(AUDIT_TOOLS_CLI)
	touch $@

# Regenerates the tables taken from cfn-lint's resource schemas; run after upgrading cfn-lint.
schema-tables: $(TOOLS)
	$(VENV)/bin/pip download --quiet --disable-pip-version-check --no-deps --dest $(VENV)/wheels \
	  botocore==$(BOTOCORE_VERSION)
	$(VENV)/bin/python .ci/generate-schema-tables.py --botocore $(VENV)/wheels/botocore-$(BOTOCORE_VERSION)-py3-none-any.whl

# Each checked-in template and the render options that make it.
RENDERS := \
  Templates/stack.json= \
  Templates/stack.yaml=--format@yaml \
  Templates/example/staging.json=--config@$(EXAMPLE)@--env@staging \
  Templates/example/production.json=--config@$(EXAMPLE)@--env@production \
  Templates/example/shop.json=--config@Templates/example/shop.yaml \
  Templates/example/shop-staging.json=--config@Templates/example/shop.yaml@--env@staging
# Each checked-in directory of per-service stacks and the render options that make it.
STACK_RENDERS := \
  Templates/example/shop-stacks=--config@Templates/example/shop.yaml@--stacks@per-service
INFRAGEN := .build/debug/infragen
# The multi-service example's render.
SERVICES := Templates/services.json
EXAMPLE_BINARY := .build/debug/MultiServiceExample
# The JSON Schema of infragen.yaml.
SCHEMA := Templates/infragen.schema.json

# Regenerates Templates/ through the CLI.
templates: build
	@for entry in $(RENDERS); do \
	  file=$${entry%%=*}; options=$$(echo "$${entry#*=}" | tr '@' ' '); \
	  $(INFRAGEN) render $$options --output $$file || exit 1; \
	done
	@for entry in $(STACK_RENDERS); do \
	  dir=$${entry%%=*}; options=$$(echo "$${entry#*=}" | tr '@' ' '); \
	  $(INFRAGEN) render $$options --output-dir $$dir || exit 1; \
	done
	$(EXAMPLE_BINARY) > $(SERVICES).tmp && mv $(SERVICES).tmp $(SERVICES) || { rm -f $(SERVICES).tmp; exit 1; }
	$(INFRAGEN) schema --output $(SCHEMA)

# Fails when a checked-in template differs from what render makes now.
templates-check: build
	@for entry in $(RENDERS); do \
	  file=$${entry%%=*}; options=$$(echo "$${entry#*=}" | tr '@' ' '); \
	  $(INFRAGEN) render $$options --check $$file >/dev/null || exit 1; \
	done
	@for entry in $(STACK_RENDERS); do \
	  dir=$${entry%%=*}; options=$$(echo "$${entry#*=}" | tr '@' ' '); \
	  $(INFRAGEN) render $$options --check $$dir >/dev/null || exit 1; \
	  $(INFRAGEN) validate $$dir/*.json >/dev/null || { echo "$$dir: the stacks do not validate together"; exit 1; }; \
	done
	@$(EXAMPLE_BINARY) | cmp -s - $(SERVICES) || { echo "$(SERVICES) differs from swift run MultiServiceExample; run make templates"; exit 1; }
	@$(INFRAGEN) schema | cmp -s - $(SCHEMA) || { echo "$(SCHEMA) differs from infragen schema; run make templates"; exit 1; }
	@echo "Templates/: every template matches its render"

# The tests, which include the Templates/ and lint checks.
check: test

# Release-build benchmarks: in-process iterations and whole-process medians, beside cfn-lint and
# checkov; CORPUS=DIR (and CORPUS_NAME=what it is) adds a row on a directory of your own templates.
bench: release $(TOOLS)
	$(SWIFT) build -c release --product infragen-bench
	.build/release/infragen-bench --binary $(RELEASE_BINARY) $(if $(BASELINE),--baseline $(BASELINE)) \
	  --venv $(VENV) $(if $(CORPUS),--corpus $(CORPUS) --corpus-name "$(CORPUS_NAME)") --readme README.md

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks
	@echo "swift format: no findings"

clean:
	rm -rf .build .build-release $(VENV) dist
