/*
 * genfacts.c - the data/ JSON files -> build/gen/facts.c (const tables, see
 * include/dfopt/facts.h). Built and run by the Makefile on the build host.
 *
 *   genfacts OUT.c PACKAGE-MANAGERS.json BASE-IMAGES.json DEPENDENCY-MANIFESTS.json
 *
 * Every value becomes a node; the children of an array or object are
 * consecutive nodes. Besides the three trees it writes the indexes the kb
 * used to build at start-up: command -> manager, the union of the
 * install commands and modules of every ecosystem, and install command ->
 * its ecosystem's family. Each string of a
 * pattern list (a manager's "*_paths", "*_patterns" and "config_*" lists, the "patterns"
 * of an ecosystem's "source_checks") is numbered and compiled once here
 * with PCRE2, so a bad pattern fails the build rather than a run.
 * Exit status 1 with a message naming the file on any error.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/facts.h"

typedef struct {
    df_fact *nodes;
    size_t nnodes, cap;
    char *chars;
    size_t nchars, ccap;
    uint32_t *keys, *keylen;
    size_t nkeys, kcap, klcap;
    uint32_t *hslots; /* two words a slot (facts.h) */
    size_t nslots, scap;
    uint32_t *patterns;
    size_t npatterns, pcap;
} gen;

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * size);
    if (!q) {
        fprintf(stderr, "genfacts: out of memory\n");
        exit(1);
    }
    *cap = c;
    return q;
}

static size_t reserve(gen *g, size_t n)
{
    g->nodes = grow(g->nodes, &g->cap, g->nnodes + n, sizeof *g->nodes);
    size_t at = g->nnodes;
    memset(g->nodes + at, 0, n * sizeof *g->nodes);
    g->nnodes += n;
    return at;
}

static uint32_t add_chars(gen *g, const char *s, size_t n)
{
    g->chars = grow(g->chars, &g->ccap, g->nchars + n + 1, 1);
    uint32_t at = (uint32_t)g->nchars;
    memcpy(g->chars + at, s, n);
    g->chars[at + n] = '\0';
    g->nchars += n + 1;
    return at;
}

/* An object key: add_chars, then zeros up to 16 bytes from its start, so
 * that df_fact_getw compares a key of up to 16 bytes as two words, with
 * nothing to mask. */
static uint32_t add_key_chars(gen *g, const char *s, size_t n)
{
    uint32_t at = add_chars(g, s, n);
    if (n + 1 < 16) {
        size_t pad = 16 - (n + 1);
        g->chars = grow(g->chars, &g->ccap, g->nchars + pad, 1);
        memset(g->chars + g->nchars, 0, pad);
        g->nchars += pad;
    }
    return at;
}

/* A hash table for the n strings s[i] (member / item index idx[i]) of
 * node f: the smallest power of two of slots at least four times n, linear
 * probing (facts.c walks it the same way). A quarter full, a lookup
 * mostly reads one slot (half full, a key took up to 1.5 on average and a miss
 * up to 2.5: each a tenth of a lookup). */
/* The strings of one object or array that add_hash indexes: n slots. */
typedef struct {
    const char **str;
    size_t *len;
    uint32_t *idx;
} hash_in;

static hash_in hash_in_new(size_t n)
{
    hash_in h = {calloc(n ? n : 1, sizeof *h.str), calloc(n ? n : 1, sizeof *h.len), calloc(n ? n : 1, sizeof *h.idx)};
    if (!h.str || !h.len || !h.idx) {
        fprintf(stderr, "genfacts: out of memory\n");
        exit(1);
    }
    return h;
}

static void hash_in_free(hash_in *h)
{
    free(h->str);
    free(h->len);
    free(h->idx);
}

static void add_hash(gen *g, df_fact *f, size_t n, const char *const *s, const size_t *len, const uint32_t *idx)
{
    f->nhashed = (uint32_t)n;
    if (!n)
        return;
    size_t size = 2;
    while (size < 4 * n)
        size *= 2;
    g->hslots = grow(g->hslots, &g->scap, 2 * (g->nslots + size), sizeof *g->hslots);
    uint32_t *tab = g->hslots + 2 * g->nslots;
    memset(tab, 0, 2 * size * sizeof *tab);
    f->hslot = (uint32_t)g->nslots;
    f->hmask = (uint32_t)(size - 1);
    g->nslots += size;
    for (size_t k = 0; k < n; k++) {
        uint32_t h = df_fact_hash(s[k], len[k]);
        uint32_t i = h & f->hmask;
        while (tab[2 * i + 1])
            i = (i + 1) & f->hmask;
        tab[2 * i] = h;
        tab[2 * i + 1] = idx[k] + 1;
    }
}

static void fill(gen *g, size_t at, const json_t *v)
{
    df_fact f = {0};
    switch (json_typeof(v)) {
    case JSON_NULL:
        f.kind = DF_FACT_NULL;
        break;
    case JSON_FALSE:
        f.kind = DF_FACT_FALSE;
        break;
    case JSON_TRUE:
        f.kind = DF_FACT_TRUE;
        break;
    case JSON_INTEGER:
        f.kind = DF_FACT_INT;
        f.num = (double)json_integer_value(v);
        break;
    case JSON_REAL:
        f.kind = DF_FACT_REAL;
        f.num = json_real_value(v);
        break;
    case JSON_STRING:
        f.kind = DF_FACT_STRING;
        f.len = (uint32_t)json_string_length(v);
        f.first = add_chars(g, json_string_value(v), json_string_length(v));
        break;
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        f.kind = DF_FACT_ARRAY;
        f.len = (uint32_t)n;
        f.first = (uint32_t)reserve(g, n);
        g->nodes[at] = f;
        for (size_t i = 0; i < n; i++)
            fill(g, f.first + i, json_array_get(v, i));
        hash_in h = hash_in_new(n);
        const char **str = h.str;
        size_t *len = h.len;
        uint32_t *idx = h.idx;
        size_t ns = 0;
        for (size_t i = 0; i < n; i++) {
            const json_t *x = json_array_get(v, i);
            if (!json_is_string(x))
                continue;
            str[ns] = json_string_value(x);
            len[ns] = json_string_length(x);
            idx[ns++] = (uint32_t)i;
        }
        add_hash(g, &f, ns, str, len, idx);
        hash_in_free(&h);
        break;
    }
    case JSON_OBJECT: {
        size_t n = json_object_size(v);
        f.kind = DF_FACT_OBJECT;
        f.len = (uint32_t)n;
        f.first = (uint32_t)reserve(g, n);
        g->keys = grow(g->keys, &g->kcap, g->nkeys + n, sizeof *g->keys);
        g->keylen = grow(g->keylen, &g->klcap, g->nkeys + n, sizeof *g->keylen);
        f.keys = (uint32_t)g->nkeys;
        g->nkeys += n;
        g->nodes[at] = f;
        size_t i = 0;
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            g->keys[f.keys + i] = add_key_chars(g, k, strlen(k));
            g->keylen[f.keys + i] = (uint32_t)strlen(k);
            fill(g, f.first + i, x);
            i++;
        }
        hash_in h = hash_in_new(n);
        const char **str = h.str;
        size_t *len = h.len;
        uint32_t *idx = h.idx;
        for (i = 0; i < n; i++) {
            str[i] = g->chars + g->keys[f.keys + i];
            len[i] = g->keylen[f.keys + i];
            idx[i] = (uint32_t)i;
        }
        add_hash(g, &f, n, str, len, idx);
        hash_in_free(&h);
        break;
    }
    }
    g->nodes[at] = f;
}

/* The node of obj[key] (obj a node index), or 0 when absent. */
static size_t member(const gen *g, size_t obj, const char *key)
{
    const df_fact *o = &g->nodes[obj];
    if (o->kind != DF_FACT_OBJECT)
        return 0;
    for (size_t i = 0; i < o->len; i++)
        if (strcmp(g->chars + g->keys[o->keys + i], key) == 0)
            return o->first + i;
    return 0;
}

/* Number the strings of the array node arr as patterns; compile each. */
static int mark_patterns(gen *g, size_t arr, const char *file)
{
    const df_fact *a = &g->nodes[arr];
    if (!arr || a->kind != DF_FACT_ARRAY)
        return 0;
    for (size_t i = 0; i < a->len; i++) {
        df_fact *s = &g->nodes[a->first + i];
        if (s->kind != DF_FACT_STRING)
            continue;
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)(g->chars + s->first), s->len, PCRE2_UTF, &ec, &eo, NULL);
        if (!code) {
            PCRE2_UCHAR msg[128];
            pcre2_get_error_message(ec, msg, sizeof msg);
            fprintf(stderr, "%s: pattern %s: %s at %zu\n", file, g->chars + s->first, (const char *)msg, (size_t)eo);
            return -1;
        }
        pcre2_code_free(code);
        g->patterns = grow(g->patterns, &g->pcap, g->npatterns + 1, sizeof *g->patterns);
        g->patterns[g->npatterns++] = (uint32_t)(a->first + i);
        if (g->npatterns > UINT16_MAX - 1) {
            fprintf(stderr, "%s: too many patterns\n", file);
            return -1;
        }
        s->pattern = (uint16_t)g->npatterns;
    }
    return 0;
}

static json_t *load(const char *path)
{
    json_error_t je;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j)
        fprintf(stderr, "%s:%d:%d: %s\n", path, je.line, je.column, je.text);
    return j;
}

static void emit_u32(FILE *out, const char *name, const uint32_t *v, size_t n)
{
    fprintf(out, "static const uint32_t %s[%zu] = {", name, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%u,", i % 16 ? "" : "\n    ", v[i]);
    fprintf(out, "%s\n};\n\n", n ? "" : "0");
}

static void emit(const gen *g, FILE *out, char **argv, const uint32_t *roots)
{
    fprintf(out, "/* generated by scripts/genfacts.c from %s, %s and %s: do not edit */\n", argv[2], argv[3],
            argv[4]);
    fprintf(out, "#include \"dfopt/facts.h\"\n\n");
    fprintf(out, "static const df_fact nodes[%zu] = {\n", g->nnodes);
    for (size_t i = 0; i < g->nnodes; i++) {
        const df_fact *f = &g->nodes[i];
        fprintf(out, "    {%u, %u, %u, %u, %u, %u, %u, %u, %.17g},\n", f->kind, f->pattern, f->len, f->first, f->keys,
                f->nhashed, f->hslot, f->hmask, f->num);
    }
    fprintf(out, "};\n\nstatic const char chars[%zu] =", g->nchars ? g->nchars : 1);
    /* one literal per string; octal escapes are always 3 digits */
    for (size_t i = 0; i < g->nchars;) {
        size_t n = strlen(g->chars + i);
        fputs("\n    \"", out);
        for (size_t k = 0; k < n; k++) {
            unsigned char c = (unsigned char)g->chars[i + k];
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?')
                fputc(c, out);
            else
                fprintf(out, "\\%03o", c);
        }
        fputs(i + n + 1 < g->nchars ? "\\000\"" : "\"", out);
        i += n + 1;
    }
    if (!g->nchars)
        fputs(" \"\"", out);
    fputs(";\n\n", out);
    emit_u32(out, "keys", g->keys, g->nkeys);
    emit_u32(out, "keylen", g->keylen, g->nkeys);
    emit_u32(out, "roots", roots, DF_FACTS_NROOTS);
    emit_u32(out, "patterns", g->patterns, g->npatterns);
    emit_u32(out, "hslots", g->hslots, 2 * g->nslots);
    fprintf(out, "const df_facts_tables df_facts_generated = {nodes, %zu, chars, keys, keylen, roots, patterns, "
                 "%zu, hslots};\n",
            g->nnodes, g->npatterns);
}

/* obj[key] |= bits (an integer member, made when missing) */
static void add_bits(json_t *obj, const char *key, json_int_t bits)
{
    json_t *v = json_object_get(obj, key);
    json_object_set_new(obj, key, json_integer((v ? json_integer_value(v) : 0) | bits));
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: genfacts OUT.c PACKAGE-MANAGERS.json BASE-IMAGES.json DEPENDENCY-MANIFESTS.json\n");
        return 2;
    }
    json_t *pm = load(argv[2]), *bi = load(argv[3]), *dm = load(argv[4]);
    if (!pm || !bi || !dm)
        return 1;
    const json_t *managers = json_object_get(pm, "managers");
    if (!json_is_object(managers)) {
        fprintf(stderr, "%s: no \"managers\" object\n", argv[2]);
        return 1;
    }
    /* command -> member index in "managers" of the first manager listing
     * it (managers in file order) */
    json_t *cmds = json_object();
    const char *name;
    json_t *m;
    size_t mi = 0;
    json_object_foreach((json_t *)managers, name, m)
    {
        size_t i;
        json_t *c;
        json_array_foreach(json_object_get(m, "commands"), i, c)
        {
            if (json_is_string(c) && !json_object_get(cmds, json_string_value(c)))
                json_object_set_new(cmds, json_string_value(c), json_integer((json_int_t)mi));
        }
        mi++; /* the member index of the next manager (fill() keeps this order) */
    }
    /* union of the installs' commands and modules; command -> family */
    json_t *icmds = json_array(), *imods = json_array(), *families = json_object();
    json_t *eco;
    json_object_foreach(json_object_get(dm, "ecosystems"), name, eco)
    {
        size_t i, j;
        json_t *spec, *x;
        json_t *fam = json_object_get(eco, "family");
        json_array_foreach(json_object_get(eco, "installs"), i, spec)
        {
            json_array_foreach(json_object_get(spec, "commands"), j, x)
                if (json_is_string(x)) {
                    json_array_append(icmds, x);
                    if (!json_object_get(families, json_string_value(x)))
                        json_object_set_new(families, json_string_value(x),
                                            json_is_string(fam) ? json_copy(fam) : json_null());
                }
            json_array_foreach(json_object_get(spec, "modules"), j, x)
                if (json_is_string(x))
                    json_array_append(imods, x);
        }
    }
    /* the programs that start a neutral command (deps.c looks them up
     * before walking the sequences) */
    json_t *nnames = json_array();
    {
        size_t i;
        json_t *seq;
        json_array_foreach(json_object_get(json_object_get(dm, "context_free"), "neutral"), i, seq)
            if (json_is_string(json_array_get(seq, 0)))
                json_array_append(nnames, json_array_get(seq, 0));
    }
    /* image -> the indexes, in file order, of the entries of base-images'
     * "slimmer" and "deprecated" lists for it (DF020 and DF022 look a
     * stage's image up instead of comparing it with every entry) */
    json_t *by_image[2] = {json_object(), json_object()};
    static const char *const listed[2] = {"slimmer", "deprecated"};
    for (size_t l = 0; l < 2; l++) {
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(bi, listed[l]), i, e)
        {
            const json_t *img = json_object_get(e, "image");
            if (!json_is_string(img))
                continue;
            json_t *at = json_object_get(by_image[l], json_string_value(img));
            if (!at) {
                at = json_array();
                json_object_set_new(by_image[l], json_string_value(img), at);
            }
            json_array_append_new(at, json_integer((json_int_t)i));
        }
    }
    /* command -> what DF025's survey of a RUN asks of its name: bit 0, a
     * builder of leftovers' "build_dirs"; bit 1 + k, listed in the
     * "commands" of member k of leftovers' "tools" (k < 30) */
    json_t *survey = json_object();
    {
        const json_t *lo = json_object_get(pm, "leftovers");
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(json_object_get(lo, "build_dirs"), "builders"), i, x)
            if (json_is_string(x))
                add_bits(survey, json_string_value(x), 1);
        const char *tname;
        json_t *tool;
        size_t k = 0;
        json_object_foreach(json_object_get(lo, "tools"), tname, tool)
        {
            json_array_foreach(json_object_get(tool, "commands"), i, x)
                if (json_is_string(x) && k < 30)
                    add_bits(survey, json_string_value(x), (json_int_t)1 << (1 + k));
            k++;
        }
    }
    gen g = {0};
    const json_t *trees[DF_FACTS_NROOTS] = {pm,          bi,          dm,         cmds,  icmds, imods, nnames,
                                            families, by_image[0], by_image[1], survey};
    uint32_t roots[DF_FACTS_NROOTS];
    size_t base = reserve(&g, DF_FACTS_NROOTS);
    for (size_t r = 0; r < DF_FACTS_NROOTS; r++) {
        roots[r] = (uint32_t)(base + r);
        fill(&g, base + r, trees[r]);
    }
    /* pattern lists, as the kb compiled them */
    size_t mgrs = member(&g, roots[DF_FACTS_PM], "managers");
    for (size_t i = 0; i < g.nodes[mgrs].len; i++) {
        const df_fact *mo = &g.nodes[g.nodes[mgrs].first + i];
        if (mo->kind != DF_FACT_OBJECT)
            continue;
        for (size_t k = 0; k < mo->len; k++) {
            const char *key = g.chars + g.keys[mo->keys + k];
            size_t kl = strlen(key);
            bool is_pat = (kl > 6 && strcmp(key + kl - 6, "_paths") == 0) || strncmp(key, "config_", 7) == 0 ||
                          (kl > 9 && strcmp(key + kl - 9, "_patterns") == 0);
            if (is_pat && mark_patterns(&g, mo->first + k, argv[2]) < 0)
                return 1;
        }
    }
    size_t ecos = member(&g, roots[DF_FACTS_DM], "ecosystems");
    for (size_t i = 0; ecos && i < g.nodes[ecos].len; i++) {
        size_t checks = member(&g, g.nodes[ecos].first + i, "source_checks");
        for (size_t k = 0; checks && g.nodes[checks].kind == DF_FACT_ARRAY && k < g.nodes[checks].len; k++) {
            if (mark_patterns(&g, member(&g, g.nodes[checks].first + k, "patterns"), argv[4]) < 0)
                return 1;
        }
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *out = fopen(tmp, "w");
    if (!out) {
        perror(tmp);
        return 1;
    }
    emit(&g, out, argv, roots);
    if (fclose(out) != 0 || rename(tmp, argv[1]) != 0) {
        perror(argv[1]);
        return 1;
    }
    json_decref(pm);
    json_decref(bi);
    json_decref(dm);
    json_decref(cmds);
    json_decref(icmds);
    json_decref(imods);
    json_decref(nnames);
    json_decref(families);
    json_decref(by_image[0]);
    json_decref(by_image[1]);
    json_decref(survey);
    free(g.nodes);
    free(g.chars);
    free(g.keys);
    free(g.keylen);
    free(g.hslots);
    free(g.patterns);
    return 0;
}
