/*
 * gojson.h - (private) BuildKit's exec-form test: is this text a JSON array
 * of strings, exactly as Go's encoding/json decides?
 *
 * Go accepts and rejects some inputs differently from other JSON libraries
 * (invalid UTF-8 becomes U+FFFD, lone surrogates too, any JSON value may
 * appear while validating), and BuildKit's fallback to shell form depends
 * on that answer, so we reimplement the relevant part here.
 */
#ifndef DFOPT_GOJSON_H
#define DFOPT_GOJSON_H

#include <stddef.h>

#include "dfopt/buf.h"

enum {
    DF_GOJSON_ARRAY = 1,       /* a JSON array whose elements are all strings */
    DF_GOJSON_INVALID = 0,     /* not valid JSON: BuildKit falls back to shell form */
    DF_GOJSON_NOT_STRINGS = -1,/* valid JSON array with a non-string element: an error */
    DF_GOJSON_OOM = -2
};

typedef struct {
    size_t start, end; /* the string token, quotes included, offsets into the input */
    size_t voff, vlen; /* decoded value in the vals buffer */
} df_gojson_elem;

/* s[0] must be '['. On DF_GOJSON_ARRAY, *elems (malloc'ed, caller frees,
 * may be NULL when empty) and *n describe the elements, whose decoded values
 * are appended to vals (cleared first). */
int df_gojson_string_array(const char *s, size_t n, df_gojson_elem **elems, size_t *nelems,
                           df_buf *vals);

#endif
