// A persistent worker pool: threads are created on first need and then live for the process.
// A job is published by bumping a generation counter; workers spin briefly on it (calls come
// back-to-back in training) and then sleep on a condition variable.
#include <pthread.h>
#include <stdatomic.h>
#include "kernels_internal.h"

#define MAX_WORKERS 63
#define SPIN_ROUNDS 4000  // ~tens of µs of pause instructions before sleeping

static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;  // one job at a time
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static atomic_uint generation;
static atomic_int remaining;
static int worker_count;
static digits_task_fn job_fn;
static void *job_ctx;
static int job_parts;
static unsigned start_generation[MAX_WORKERS + 1];  // generation before a worker's first job

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static void *worker_main(void *arg) {
    int part = (int)(long)arg;  // this worker runs part `part` (1-based) of each job
    unsigned seen = start_generation[part];  // set before pthread_create
    for (;;) {
        unsigned g;
        int spins = 0;
        while ((g = atomic_load(&generation)) == seen && spins < SPIN_ROUNDS) {
            cpu_relax();
            spins++;
        }
        if (g == seen) {
            pthread_mutex_lock(&lock);
            while ((g = atomic_load(&generation)) == seen) pthread_cond_wait(&work_cv, &lock);
            pthread_mutex_unlock(&lock);
        }
        seen = g;
        // job_* were written before the generation bump (seq_cst), and stay until all are done.
        if (part < job_parts) {
            job_fn(job_ctx, part, job_parts);
            if (atomic_fetch_sub(&remaining, 1) == 1) {
                pthread_mutex_lock(&lock);
                pthread_cond_signal(&done_cv);
                pthread_mutex_unlock(&lock);
            }
        }
    }
    return 0;
}

int digits_pool_run(digits_task_fn fn, void *ctx, int parts) {
    if (parts <= 1) {
        fn(ctx, 0, 1);
        return 1;
    }
    if (parts > MAX_WORKERS + 1 || pthread_mutex_trylock(&submit_lock) != 0) return 0;
    while (worker_count < parts - 1) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        start_generation[worker_count + 1] = atomic_load(&generation);
        int ok = pthread_create(&t, &attr, worker_main, (void *)(long)(worker_count + 1)) == 0;
        pthread_attr_destroy(&attr);
        if (!ok) {
            pthread_mutex_unlock(&submit_lock);
            return 0;
        }
        worker_count++;
    }
    job_fn = fn;
    job_ctx = ctx;
    job_parts = parts;
    atomic_store(&remaining, parts - 1);
    pthread_mutex_lock(&lock);
    atomic_fetch_add(&generation, 1);
    pthread_cond_broadcast(&work_cv);
    pthread_mutex_unlock(&lock);

    fn(ctx, 0, parts);

    int spins = 0;
    while (atomic_load(&remaining) != 0 && spins < SPIN_ROUNDS * 4) {
        cpu_relax();
        spins++;
    }
    if (atomic_load(&remaining) != 0) {
        pthread_mutex_lock(&lock);
        while (atomic_load(&remaining) != 0) pthread_cond_wait(&done_cv, &lock);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_unlock(&submit_lock);
    return 1;
}
