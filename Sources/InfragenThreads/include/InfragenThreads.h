// Starting a thread where it can run at once, for `Parallel`.
#ifndef INFRAGEN_THREADS_H
#define INFRAGEN_THREADS_H

#include <pthread.h>

/// Starts a thread that runs `body(context)`, as `pthread_create` does, and returns its status.
///
/// On Linux the thread starts on a CPU other than the caller's: the `index`-th of the others the
/// process may use, counting round. Left to itself, the scheduler queues a new thread behind its
/// busy parent and moves it to an idle CPU only when it next balances its queues, which on a
/// virtual machine took up to 4 ms. Once running, the thread may run on every CPU again, so a
/// long task still moves off a CPU that other work needs. Elsewhere, or with one CPU, it starts
/// where the system puts it.
int infragen_thread_start(pthread_t *thread, void *(*body)(void *), void *context, int index);

#endif
