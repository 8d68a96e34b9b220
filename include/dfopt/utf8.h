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

/* Decode the rune at s[0..n) (n >= 1); *width gets 1..4. */
uint32_t df_utf8_decode(const char *s, size_t n, size_t *width);

/* Go's unicode.IsSpace. */
bool df_is_space_rune(uint32_t r);

/* unicode.IsSpace(rune(b)) for a single byte (BuildKit's byte-wise loops):
 * \t \n \v \f \r, space, 0x85 and 0xA0. */
bool df_is_space_byte(unsigned char b);

/* Offset of the first byte of s[0..n) that does not start a white-space
 * rune (strings.TrimLeftFunc(unicode.IsSpace)). */
size_t df_utf8_skip_space(const char *s, size_t n);

/* Length of s[0..n) without trailing white-space runes. */
size_t df_utf8_rtrim_space(const char *s, size_t n);

/* Encode r as UTF-8 into out (4 bytes of room); returns the length. */
size_t df_utf8_encode(uint32_t r, char *out);

#endif
