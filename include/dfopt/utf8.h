/*
 * utf8.h - UTF-8 decoding the way Go decodes it, and Unicode white space.
 *
 * BuildKit is written in Go; to split and trim exactly as it does we decode
 * like utf8.DecodeRune: an invalid or overlong sequence, a surrogate or a
 * code point above U+10FFFF decodes as U+FFFD with width 1.
 */
#ifndef DFOPT_UTF8_H
#define DFOPT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DF_RUNE_ERROR 0xFFFDu

/* The parser asks these of every byte it reads, nearly all ASCII: the
 * ASCII answer is inline, the rest out of line (the calls were a tenth of a
 * corpus run's parse). */

/* Decode the rune at s[0..n) (n >= 1) whose first byte is 0x80 or more. */
uint32_t df_utf8_decode_multi(const char *s, size_t n, size_t *width);

/* Decode the rune at s[0..n) (n >= 1); *width gets 1..4. */
static inline uint32_t df_utf8_decode(const char *s, size_t n, size_t *width)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *width = 1;
        return c;
    }
    return df_utf8_decode_multi(s, n, width);
}

/* Go's unicode.IsSpace of a rune of 0x80 or more. */
bool df_is_space_wide(uint32_t r);

/* Go's unicode.IsSpace. */
static inline bool df_is_space_rune(uint32_t r)
{
    if (r < 0x80)
        return r == ' ' || (r >= '\t' && r <= '\r');
    return df_is_space_wide(r);
}

/* unicode.IsSpace(rune(b)) for a single byte (BuildKit's byte-wise loops):
 * \t \n \v \f \r, space, 0x85 and 0xA0. */
static inline bool df_is_space_byte(unsigned char b)
{
    return df_is_space_rune(b);
}

/* df_utf8_skip_space from offset i on. */
size_t df_utf8_skip_space_from(const char *s, size_t n, size_t i);

/* Offset of the first byte of s[0..n) that does not start a white-space
 * rune (strings.TrimLeftFunc(unicode.IsSpace)). */
static inline size_t df_utf8_skip_space(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && ((unsigned char)s[i] >= 0x80 || (s[i] >= '\t' && s[i] <= '\r')))
        return df_utf8_skip_space_from(s, n, i);
    return i;
}

/* Length of s[0..n) without trailing white-space runes. */
size_t df_utf8_rtrim_space(const char *s, size_t n);

/* Encode r as UTF-8 into out (4 bytes of room); returns the length. */
size_t df_utf8_encode(uint32_t r, char *out);

#endif
