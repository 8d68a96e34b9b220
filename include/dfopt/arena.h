/*
 * arena.h - region allocator: one arena per parsed document.
 *
 * Everything a parse produces (AST nodes, word values, logical lines, maps)
 * is carved out of one arena and released at once with df_arena_free().
 * Pointers returned by df_arena_* stay valid until that call; nothing is
 * ever freed individually. Allocation never fails silently: on out of memory
 * the functions return NULL and callers turn that into an error diagnostic.
 */
#ifndef DFOPT_ARENA_H
#define DFOPT_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct df_arena df_arena;

/* A new empty arena, or NULL when out of memory. */
df_arena *df_arena_new(void);

/* Release the arena and every block it handed out. NULL is a no-op. */
void df_arena_free(df_arena *a);

/* Forget everything handed out (every pointer from the arena dies) and
 * keep the blocks for what comes next: a driver that parses the
 * same file again each round reuses memory the process already touched
 * instead of taking (and page-faulting) fresh memory from the system. The
 * failure flag and the df_arena_used() count start again from zero. */
void df_arena_reset(df_arena *a);

/* n bytes aligned for any type, zero-filled. NULL when out of memory. */
void *df_arena_alloc(df_arena *a, size_t n);

/* n bytes aligned for any type, not cleared: for a caller that writes
 * every byte before reading it (an array filled as it is used). */
void *df_arena_alloc_uninit(df_arena *a, size_t n);

/* A NUL-terminated copy of s[0..n). */
char *df_arena_strndup(df_arena *a, const char *s, size_t n);

/* Grow an arena array: returns a copy of old[0..old_n) with room for new_n
 * elements of size elem (new_n >= old_n), the new ones zero-filled. The old
 * block is abandoned; when old is the newest allocation and its block has
 * room, the array grows in place and old itself is returned. */
void *df_arena_grow(df_arena *a, void *old, size_t old_n, size_t new_n, size_t elem);

/* Did an allocation from this arena ever fail? Code that cannot report
 * a NULL (a rule that just finds less) leaves it to whoever owns the
 * arena: the driver turns it into an out-of-memory error. */
bool df_arena_failed(const df_arena *a);

/* Record on the arena that an allocation made for its owner elsewhere (a
 * malloc'ed scratch buffer) failed, so that df_arena_failed() says so. */
void df_arena_note_failure(df_arena *a);

/* Total bytes handed out (for benchmarks and tests). */
size_t df_arena_used(const df_arena *a);

/* Bytes the arena holds from the system: its blocks, in use or kept by
 * df_arena_reset (for tests: a reset arena given the same work again
 * takes nothing new). */
size_t df_arena_held(const df_arena *a);

#endif
