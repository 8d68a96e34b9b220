/*
 * image.h - (private) the image a FROM names, for the base-image rules
 * (DF020-DF022): registry prefix stripped, tag and digest split, ARG
 * defaults declared before the first FROM substituted.
 */
#ifndef DFOPT_IMAGE_H
#define DFOPT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "dfopt/ast.h"

typedef struct {
    char name[256];  /* lowercased, registry docker.io/library/ stripped */
    char tag[128];   /* "" when none */
    bool has_tag;
    bool digest;     /* @sha256:... */
    bool var;        /* built from ARG values */
    char full[512];  /* the reference after ARG substitution */
    size_t tag_off;  /* (when !var) offset of the tag in the word, or of ':' insertion point */
    size_t tag_len;
} df_imgref;

/* Fill r for stage si's FROM. False when the stage is built FROM another
 * stage, is scratch, or its image cannot be resolved (an ARG without a
 * default). */
bool df_stage_image(const df_doc *d, size_t si, df_imgref *r);

/* Is r a Windows image? */
bool df_image_is_windows(const df_imgref *r);

/* The first build-tool word in the RUNs of stage si (gcc, g++, make,
 * build-essential, *-dev, *-devel, ...) copied into out; false if none.
 * RUNs that purge or delete packages again are skipped. */
bool df_stage_toolchain(const df_doc *d, size_t si, char *out, size_t cap);

/* Lowercase s in place (ASCII). */
void df_image_lower(char *s);

#endif
