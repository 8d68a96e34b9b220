/*
 * oom_shim.c - a failing allocator for the out-of-memory tests, linked
 * into build/tests/dfopt-oom with -Wl,--wrap=malloc,... (the Makefile):
 * every malloc, calloc, realloc, strdup and strndup call made by dfopt's
 * own code comes here. With DFOPT_FAIL_ALLOC=N in the environment the Nth
 * such call (from 1) returns NULL, once, and says so on stderr
 * ("dfopt-oom-shim: allocation N failed"), so that test_oom can sweep N
 * over every allocation of a run and check that each failure ends in exit
 * status 4 with a message. Test-only: not part of dfopt.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static unsigned long count, fail_at; /* test-only state of this shim */
static int ready;

static int fail_now(void)
{
    if (!ready) {
        const char *e = getenv("DFOPT_FAIL_ALLOC");
        fail_at = e ? strtoul(e, NULL, 10) : 0;
        ready = 1;
    }
    if (++count != fail_at)
        return 0;
    fprintf(stderr, "dfopt-oom-shim: allocation %lu failed\n", count);
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    return fail_now() ? NULL : __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : __real_strndup(s, n);
}
