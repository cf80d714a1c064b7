// The facts of a build that only the build knows, for `infragen --version`.
#ifndef INFRAGEN_BUILD_INFO_H
#define INFRAGEN_BUILD_INFO_H

/// The commit the binary was built from: twelve hex digits, `-dirty` when the checkout had
/// uncommitted changes, or `unknown` outside a git checkout. Package.swift sets it.
const char *infragen_build_commit(void);

#endif
