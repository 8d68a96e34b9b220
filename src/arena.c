/*
 * arena.c - bump allocator in chained blocks.
 *
 * Parsing a Dockerfile makes many small allocations that all die together;
 * an arena makes them cheap and makes cleanup a single call. Blocks double
 * in size up to 4 MiB so a 50,000-line file costs a few dozen mallocs. An
 * array grown as the newest allocation grows in place (df_arena_grow).
 * Blocks of 2 MiB and more come straight from mmap, which hands out zeroed
 * pages: what the arena clears is only memory it handed out before (each
 * block knows how far that goes), not the kernel's fresh pages again.
 */
#include "dfopt/arena.h"

#include <stdbool.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct block {
    struct block *next;
    size_t cap;
    size_t used;
    size_t zero_from; /* data[zero_from..cap) is still zero: never handed
                         out since mmap gave it (cap for a malloc'ed block,
                         whose memory may have been used before) */
    size_t mapped;    /* bytes mapped at the block (0: malloc'ed) */
    max_align_t data[]; /* aligned storage */
} block;

struct df_arena {
    block *head;
    block *spare; /* cleared blocks kept by df_arena_reset, for reuse */
    size_t next_cap;
    size_t total;
    size_t held;  /* capacity of all blocks */
    bool failed; /* an allocation returned NULL */
};

#define ALIGN (sizeof(max_align_t))

/* Block sizes double from 16 KiB, so a small file takes a few small blocks
 * (from 4 KiB, a corpus file's document and findings took four or five,
 * each a malloc and a free: more than a bigger first block costs, malloc
 * not clearing it).
 * A large document's blocks keep doubling to 4 MiB, and a block of 2 MiB or
 * more is offered to the kernel for huge pages (madvise MADV_HUGEPAGE,
 * where transparent huge pages are in madvise mode): the 50,000-line file
 * took 60 MB of arena a round in 4 KiB page faults, each a trip into the
 * kernel that cost more than the rules' work on that page. */
#define FIRST_BLOCK ((size_t)16 << 10)
#define HUGE_PAGE ((size_t)2 << 20)
#define MAX_BLOCK ((size_t)4 << 20)

/* Ask for huge pages over the whole 2 MiB pages inside [p, p+n). Advice
 * only: where the kernel has none (or says no), nothing changes. */
static void advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    uintptr_t s = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (e > s)
        (void)madvise((void *)s, e - s, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

df_arena *df_arena_new(void)
{
    df_arena *a = calloc(1, sizeof *a);
    if (a)
        a->next_cap = FIRST_BLOCK;
    return a;
}

/* A block of len bytes (a multiple of 2 MiB), header included, starting
 * at a 2 MiB boundary, from mmap (zeroed), or NULL. */
static block *map_block(size_t len)
{
    if (len > SIZE_MAX - HUGE_PAGE)
        return NULL;
    char *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    /* keep the aligned len bytes, give the rest back */
    char *s = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (s > m)
        (void)munmap(m, (size_t)(s - m));
    if (s + len < m + len + HUGE_PAGE)
        (void)munmap(s + len, (size_t)(m + len + HUGE_PAGE - (s + len)));
    advise_huge(s, len);
    block *b = (block *)(void *)s;
    b->cap = (len - sizeof(block)) / ALIGN * ALIGN; /* alloc_raw's fit test needs a multiple of ALIGN */
    b->zero_from = 0;
    b->mapped = len;
    return b;
}

static void free_chain(block *b)
{
    while (b) {
        block *n = b->next;
        if (b->mapped)
            (void)munmap(b, b->mapped);
        else
            free(b);
        b = n;
    }
}

void df_arena_free(df_arena *a)
{
    if (!a)
        return;
    free_chain(a->head);
    free_chain(a->spare);
    free(a);
}

void df_arena_reset(df_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *n = b->next;
        b->used = 0; /* df_arena_alloc clears what it hands out */
        b->next = a->spare;
        a->spare = b;
        b = n;
    }
    a->head = NULL;
    a->total = 0;
    a->failed = false;
}

/* The slow path of alloc_raw: the head block has no room for n bytes
 * (want rounded up to ALIGN, want may be 0). Takes a spare block or a new
 * one, then allocates from it as alloc_raw does. Kept out of line so that
 * the common case is a few instructions with nothing to save. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void *alloc_new_block(df_arena *a, size_t want, size_t clear)
{
    size_t n = want == 0 ? 1 : want;
    if (n > SIZE_MAX - ALIGN) {
        a->failed = true;
        return NULL;
    }
    n = (n + ALIGN - 1) / ALIGN * ALIGN;
    block *b = a->head;
    if (!b || b->cap - b->used < n) {
        /* a block kept by df_arena_reset, in the order they
         * were first taken (the reset reverses the newest-first chain):
         * the same allocations fit the same blocks again. The first that
         * fits: only a request larger than the blocks before it (an
         * oversized one, or the small first blocks) looks further. */
        block **at = &a->spare;
        while (*at && (*at)->cap < n)
            at = &(*at)->next;
        if (*at) {
            b = *at;
            *at = b->next;
            b->next = a->head;
            a->head = b;
        }
    }
    if (!b || b->cap - b->used < n) {
        size_t cap = a->next_cap;
        while (cap < n)
            cap *= 2;
        if (a->next_cap < MAX_BLOCK)
            a->next_cap *= 2;
        /* malloc, not calloc: a block is cleared piece by piece as it is
         * handed out (df_arena_alloc, df_arena_grow), and string copies
         * need no clearing. calloc cleared whole blocks, mostly unused on
         * a small file, and memory malloc recycles from the file before
         * is not fresh: that memset was 6% of a corpus run. */
        if (cap < HUGE_PAGE) {
            b = malloc(sizeof(block) + cap);
            if (b) {
                b->cap = cap;
                b->zero_from = cap;
                b->mapped = 0;
            }
        } else {
            /* whole huge pages, the header included (cap, a power of two
             * times 4 KiB, is a multiple of 2 MiB here): the block starts
             * at a 2 MiB boundary. Its pages come zeroed and the arena
             * does not clear them again: on the 50,000-line file,
             * df_arena_alloc's memset went from 34M to 14M instructions
             * (what is left clears memory the round before used) */
            b = map_block(cap - sizeof(block) < n ? 2 * cap : cap);
            if (b)
                cap = b->cap;
        }
        if (!b) {
            a->failed = true;
            return NULL;
        }
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->held += cap;
    }
    void *p = (char *)b->data + b->used;
    size_t dirty = b->zero_from > b->used ? b->zero_from - b->used : 0; /* p[0..dirty) */
    if (clear < want && clear < dirty)
        memset((char *)p + clear, 0, (dirty < want ? dirty : want) - clear);
    b->used += n;
    if (b->zero_from < b->used)
        b->zero_from = b->used;
    a->total += n;
    return p;
}

/* want bytes, of which [clear, want) cleared: only what the arena handed
 * out before needs it (the rest of a mapped block is the kernel's zeroed
 * pages); clear >= want clears nothing. The common case, room in the head
 * block, is here; the rest is alloc_new_block. A block's cap and used are
 * multiples of ALIGN, so want <= room means its rounded size fits too. */
static inline void *alloc_raw(df_arena *a, size_t want, size_t clear)
{
    block *b = a->head;
    if (!b || want - 1 >= b->cap - b->used) /* want 0 wraps: the slow path */
        return alloc_new_block(a, want, clear);
    size_t used = b->used;
    size_t n = (want + ALIGN - 1) & ~(ALIGN - 1);
    char *p = (char *)b->data + used;
    if (used < b->zero_from && clear < want) {
        size_t dirty = b->zero_from - used;
        size_t to = dirty < want ? dirty : want;
        if (clear == 0 && to == want && n <= 4 * ALIGN) {
            /* small and whole: fixed-size stores instead of a memset
             * call (the rounded size is the allocation's own) */
            switch (n / ALIGN) {
            case 1: memset(p, 0, ALIGN); break;
            case 2: memset(p, 0, 2 * ALIGN); break;
            case 3: memset(p, 0, 3 * ALIGN); break;
            default: memset(p, 0, 4 * ALIGN); break;
            }
        } else if (clear < to) {
            memset(p + clear, 0, to - clear);
        }
    }
    used += n;
    b->used = used;
    if (b->zero_from < used)
        b->zero_from = used;
    a->total += n;
    return p;
}

void *df_arena_alloc(df_arena *a, size_t n)
{
    return alloc_raw(a, n, 0);
}

void *df_arena_alloc_uninit(df_arena *a, size_t n)
{
    return alloc_raw(a, n, SIZE_MAX);
}

char *df_arena_strndup(df_arena *a, const char *s, size_t n)
{
    char *p = alloc_raw(a, n + 1, SIZE_MAX);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *df_arena_grow(df_arena *a, void *old, size_t old_n, size_t new_n, size_t elem)
{
    if (elem && new_n > SIZE_MAX / elem) {
        a->failed = true;
        return NULL;
    }
    size_t keep = old ? old_n * elem : 0;
    /* old is the newest allocation of the current block and the block has
     * room: extend it where it is. An array that grows with nothing
     * allocated in between (a parser's list of lines, a list of findings)
     * then costs its final size, not twice that in abandoned copies, and
     * nothing is copied. */
    block *b = a->head;
    if (keep && b && new_n * elem >= keep && (char *)old >= (char *)b->data &&
        (char *)old + (keep + ALIGN - 1) / ALIGN * ALIGN == (char *)b->data + b->used) {
        size_t off = (size_t)((char *)old - (char *)b->data);
        size_t had = b->used - off;
        size_t want = new_n * elem <= SIZE_MAX - ALIGN ? (new_n * elem + ALIGN - 1) / ALIGN * ALIGN : SIZE_MAX;
        if (want != SIZE_MAX && b->cap - off >= want) {
            /* clear what grows, up to where the block is still zero */
            size_t from = off + keep, to = off + new_n * elem;
            if (to > b->zero_from)
                to = b->zero_from;
            if (from < to)
                memset((char *)b->data + from, 0, to - from);
            b->used = off + want;
            if (b->zero_from < b->used)
                b->zero_from = b->used;
            a->total += want - had;
            return old;
        }
    }
    /* the old elements copied over, the rest cleared by alloc_raw */
    void *p = alloc_raw(a, new_n * elem, keep);
    if (!p)
        return NULL;
    if (keep)
        memcpy(p, old, keep);
    return p;
}

size_t df_arena_used(const df_arena *a)
{
    return a->total;
}

size_t df_arena_held(const df_arena *a)
{
    return a ? a->held : 0;
}

bool df_arena_failed(const df_arena *a)
{
    return a && a->failed;
}

void df_arena_note_failure(df_arena *a)
{
    if (a)
        a->failed = true;
}
