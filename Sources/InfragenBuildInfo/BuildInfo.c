#include "InfragenBuildInfo.h"

#ifndef INFRAGEN_COMMIT
#define INFRAGEN_COMMIT "unknown"
#endif

const char *infragen_build_commit(void) { return INFRAGEN_COMMIT; }
