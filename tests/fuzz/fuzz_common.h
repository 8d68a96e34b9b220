/*
 * fuzz_common.h - helpers shared by the libFuzzer targets in tests/fuzz/.
 *
 * Header-only on purpose: each target is one translation unit linked with
 * the library sources by scripts/fuzz.sh. Nothing here is used by dfopt.
 */
#ifndef DFOPT_FUZZ_COMMON_H
#define DFOPT_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_NAME
#define FUZZ_NAME "fuzz"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A broken invariant: say which, and abort so libFuzzer records a crash. */
static void die(const char *what, const char *detail)
{
    fprintf(stderr, FUZZ_NAME ": %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* Independent strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF);
 * deliberately not using src/utf8.c, which is part of what is tested. */
static inline int fuzz_valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t r, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 2, r = c & 0x1Fu, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 3, r = c & 0x0Fu, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 4, r = c & 0x07u, min = 0x10000;
        } else {
            return 0;
        }
        if (n - i < need)
            return 0;
        for (size_t k = 1; k < need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            r = (r << 6) | (s[i + k] & 0x3Fu);
        }
        if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
            return 0;
        i += need;
    }
    return 1;
}

/* A private copy of the input, so ASan flags any read past its end. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (text && size)
        memcpy(text, data, size);
    return text;
}

#endif
