#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "InfragenThreads.h"

#include <stdlib.h>

#if defined(__linux__) && defined(__GLIBC__)
#include <sched.h>

/// What the started thread runs, and the CPUs it may move to once it runs.
struct start {
  void *(*body)(void *);
  void *context;
  cpu_set_t allowed;
};

static void *trampoline(void *raw) {
  struct start start = *(struct start *)raw;
  free(raw);
  pthread_setaffinity_np(pthread_self(), sizeof start.allowed, &start.allowed);
  return start.body(start.context);
}

int infragen_thread_start(pthread_t *thread, void *(*body)(void *), void *context, int index) {
  struct start *start = malloc(sizeof *start);
  int here = sched_getcpu();
  if (start == NULL || here < 0 || sched_getaffinity(0, sizeof start->allowed, &start->allowed) != 0 ||
      CPU_COUNT(&start->allowed) < 2) {
    free(start);
    return pthread_create(thread, NULL, body, context);
  }
  // The index-th allowed CPU other than this one, counting round.
  int others = CPU_COUNT(&start->allowed) - (CPU_ISSET(here, &start->allowed) ? 1 : 0);
  int wanted = index % others;
  int chosen = -1;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (cpu == here || !CPU_ISSET(cpu, &start->allowed)) continue;
    if (wanted-- == 0) {
      chosen = cpu;
      break;
    }
  }
  start->body = body;
  start->context = context;
  pthread_attr_t attributes;
  int status = pthread_attr_init(&attributes);
  if (status != 0) {
    free(start);
    return pthread_create(thread, NULL, body, context);
  }
  if (chosen >= 0) {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(chosen, &one);
    pthread_attr_setaffinity_np(&attributes, sizeof one, &one);
  }
  status = pthread_create(thread, &attributes, trampoline, start);
  pthread_attr_destroy(&attributes);
  if (status != 0) free(start);
  return status;
}

#else

int infragen_thread_start(pthread_t *thread, void *(*body)(void *), void *context, int index) {
  (void)index;
  return pthread_create(thread, NULL, body, context);
}

#endif
