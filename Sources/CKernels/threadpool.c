// A persistent worker pool: threads are created on first need and then live for the process.
// A job is published by bumping `job_word` (generation << 8 | parts); workers spin briefly on it
// (calls come back-to-back in training) and then sleep on a condition variable. A worker decides
// whether it takes part from the parts in the very word it saw, and reads job_fn/job_ctx only
// when it does: the caller of that job waits for it, so they cannot change under it. (Reading
// parts separately let a late worker join the next job twice and deadlock the pool.)
#include <pthread.h>
#include <stdatomic.h>
#include "kernels_internal.h"

#define MAX_WORKERS 63
#define SPIN_ROUNDS 4000  // ~tens of µs of pause instructions before sleeping

static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;  // one job at a time
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static _Atomic unsigned long long job_word;  // generation << 8 | parts of the current job
static atomic_int remaining;
static int worker_count;
static digits_task_fn job_fn;
static void *job_ctx;
static unsigned long long start_word[MAX_WORKERS + 1];  // job_word before a worker's first job

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

static void *worker_main(void *arg) {
    int part = (int)(long)arg;  // this worker runs part `part` (1-based) of each job
    unsigned long long seen = start_word[part];  // set before pthread_create
    for (;;) {
        unsigned long long g;
        int spins = 0;
        while ((g = atomic_load(&job_word)) == seen && spins < SPIN_ROUNDS) {
            cpu_relax();
            spins++;
        }
        if (g == seen) {
            pthread_mutex_lock(&lock);
            while ((g = atomic_load(&job_word)) == seen) pthread_cond_wait(&work_cv, &lock);
            pthread_mutex_unlock(&lock);
        }
        seen = g;
        int parts = (int)(g & 0xff);
        // job_fn/job_ctx were written before job_word (seq_cst) and stay until all parts are done.
        if (part < parts) {
            job_fn(job_ctx, part, parts);
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
        start_word[worker_count + 1] = atomic_load(&job_word);
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
    atomic_store(&remaining, parts - 1);
    pthread_mutex_lock(&lock);
    unsigned long long next = ((atomic_load(&job_word) >> 8) + 1) << 8 | (unsigned long long)parts;
    atomic_store(&job_word, next);
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
