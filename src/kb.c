/*
 * kb.c - facts from the data/ folder, loaded with jansson, patterns with PCRE2.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "dfopt/kb.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char df_data_package_managers[];
extern const size_t df_data_package_managers_len;
extern const char df_data_base_images[];
extern const size_t df_data_base_images_len;
extern const char df_data_dependency_manifests[];
extern const size_t df_data_dependency_manifests_len;

typedef struct {
    const json_t *str; /* the pattern string in the JSON tree */
    pcre2_code *code;
} pattern;

typedef struct {
    const char *name;
    df_sh_flagspec spec;
    const char **longs; /* NULL-terminated */
} spec_entry;

/* Command name -> manager, built once: df_kb_manager_for is asked for every
 * command of every RUN. Open addressing, the first manager listing a
 * command wins (the order df_kb_manager_for used to scan them in). */
typedef struct {
    const char *cmd; /* NULL: empty slot */
    size_t len;
    const char *name;
    const json_t *m;
} cmd_slot;

/* Membership of the string lists of the three JSON trees, built once:
 * (list, string) -> slot, open addressing. A slot with len == LIST_MARK and
 * s == NULL says that the list itself is indexed. The union sets of
 * df_kb_installs_name use the addresses of kb fields as their list. */
typedef struct {
    const void *list; /* NULL: empty slot */
    const char *s;
    size_t len;
} str_slot;

#define LIST_MARK ((size_t)-1)

struct df_kb {
    json_t *pm;        /* package-managers.json */
    json_t *bi;        /* base-images.json */
    json_t *dm;        /* dependency-manifests.json */
    json_t *managers;  /* pm["managers"] */
    pattern *pats;
    size_t npats;
    spec_entry *specs;
    size_t nspecs;
    pcre2_match_data *md;
    cmd_slot *cmds;
    size_t ncmds_cap; /* a power of two */
    str_slot *strs;
    size_t nstrs_cap; /* a power of two */
    char install_cmds; /* only its address: the list key of every installs[].commands */
    char install_mods; /* same for installs[].modules */
};

static const df_sh_flagspec empty_spec = {"", NULL, false};

static size_t hash_bytes(const char *s, size_t n)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static cmd_slot *cmd_find(const df_kb *kb, const char *s, size_t n)
{
    size_t mask = kb->ncmds_cap - 1;
    for (size_t i = hash_bytes(s, n) & mask;; i = (i + 1) & mask) {
        cmd_slot *e = &kb->cmds[i];
        if (!e->cmd || (e->len == n && memcmp(e->cmd, s, n) == 0))
            return e;
    }
}

static int build_cmds(df_kb *kb)
{
    size_t total = 0;
    const char *name;
    json_t *m;
    json_object_foreach(kb->managers, name, m)
        total += json_array_size(json_object_get(m, "commands"));
    kb->ncmds_cap = 16;
    while (kb->ncmds_cap < 2 * total + 2)
        kb->ncmds_cap *= 2;
    kb->cmds = calloc(kb->ncmds_cap, sizeof *kb->cmds);
    if (!kb->cmds)
        return -1;
    json_object_foreach(kb->managers, name, m)
    {
        size_t i;
        const json_t *v;
        json_array_foreach(json_object_get(m, "commands"), i, v)
        {
            if (!json_is_string(v))
                continue;
            cmd_slot *e = cmd_find(kb, json_string_value(v), json_string_length(v));
            if (e->cmd)
                continue;
            e->cmd = json_string_value(v);
            e->len = json_string_length(v);
            e->name = name;
            e->m = m;
        }
    }
    return 0;
}

static size_t hash_list(const void *list, const char *s, size_t n)
{
    uint64_t x = (uint64_t)hash_bytes(s, n == LIST_MARK ? 0 : n) ^ (uint64_t)(uintptr_t)list;
    /* a full mix (murmur3's finalizer): the table takes the low bits */
    x ^= x >> 33;
    x *= 0xff51afd7ed62ccd5u;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53u;
    x ^= x >> 33;
    return (size_t)x;
}

static str_slot *str_find(const df_kb *kb, const void *list, const char *s, size_t n)
{
    size_t mask = kb->nstrs_cap - 1;
    for (size_t i = hash_list(list, s, n) & mask;; i = (i + 1) & mask) {
        str_slot *e = &kb->strs[i];
        if (!e->list || (e->list == list && e->len == n && (n == LIST_MARK ? !e->s : e->s && memcmp(e->s, s, n) == 0)))
            return e;
    }
}

static void str_add(df_kb *kb, const void *list, const char *s, size_t n)
{
    str_slot *e = str_find(kb, list, s, n);
    if (e->list)
        return;
    e->list = list;
    e->s = n == LIST_MARK ? NULL : s;
    e->len = n;
}

/* Every array of the tree (add: put its strings and itself in the index,
 * else count the slots they need). */
static size_t walk_lists(df_kb *kb, const json_t *v, bool add)
{
    size_t count = 0;
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach((json_t *)v, k, x)
            count += walk_lists(kb, x, add);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        count++;
        if (add)
            str_add(kb, v, "", LIST_MARK);
        json_array_foreach(v, i, x)
        {
            if (json_is_string(x)) {
                count++;
                if (add)
                    str_add(kb, v, json_string_value(x), json_string_length(x));
            } else {
                count += walk_lists(kb, x, add);
            }
        }
    }
    return count;
}

/* The union of the "commands" (and "modules") of every ecosystem's
 * "installs" entries (count or add, as walk_lists). */
static size_t install_names(df_kb *kb, bool add)
{
    size_t count = 0;
    const char *ename;
    json_t *eco;
    json_object_foreach(json_object_get(kb->dm, "ecosystems"), ename, eco)
    {
        size_t i, j;
        json_t *spec, *x;
        json_array_foreach(json_object_get(eco, "installs"), i, spec)
        {
            json_array_foreach(json_object_get(spec, "commands"), j, x)
            {
                count++;
                if (add && json_is_string(x))
                    str_add(kb, &kb->install_cmds, json_string_value(x), json_string_length(x));
            }
            json_array_foreach(json_object_get(spec, "modules"), j, x)
            {
                count++;
                if (add && json_is_string(x))
                    str_add(kb, &kb->install_mods, json_string_value(x), json_string_length(x));
            }
        }
    }
    return count;
}

static int build_strs(df_kb *kb)
{
    size_t total = walk_lists(kb, kb->pm, false) + walk_lists(kb, kb->bi, false) + walk_lists(kb, kb->dm, false) +
                   install_names(kb, false);
    kb->nstrs_cap = 16;
    while (kb->nstrs_cap < 2 * total + 2)
        kb->nstrs_cap *= 2;
    kb->strs = calloc(kb->nstrs_cap, sizeof *kb->strs);
    if (!kb->strs)
        return -1;
    walk_lists(kb, kb->pm, true);
    walk_lists(kb, kb->bi, true);
    walk_lists(kb, kb->dm, true);
    install_names(kb, true);
    return 0;
}

static int compile_patterns(df_kb *kb, const json_t *list, char *err, size_t errlen)
{
    size_t i;
    const json_t *p;
    json_array_foreach(list, i, p)
    {
        if (!json_is_string(p))
            continue;
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)json_string_value(p), json_string_length(p), PCRE2_UTF,
                                         &ec, &eo, NULL);
        if (!code) {
            PCRE2_UCHAR msg[128];
            pcre2_get_error_message(ec, msg, sizeof msg);
            snprintf(err, errlen, "data: pattern %s: %s at %zu", json_string_value(p), (const char *)msg,
                     (size_t)eo);
            return -1;
        }
        pattern *np = realloc(kb->pats, (kb->npats + 1) * sizeof *np);
        if (!np) {
            pcre2_code_free(code);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        kb->pats = np;
        kb->pats[kb->npats].str = p;
        kb->pats[kb->npats].code = code;
        kb->npats++;
    }
    return 0;
}

/* The "patterns" lists of every ecosystem's "source_checks" entries. */
static int compile_dep_patterns(df_kb *kb, char *err, size_t errlen)
{
    const char *name;
    json_t *eco;
    json_object_foreach(json_object_get(kb->dm, "ecosystems"), name, eco)
    {
        size_t i;
        const json_t *chk;
        json_array_foreach(json_object_get(eco, "source_checks"), i, chk)
        {
            if (compile_patterns(kb, json_object_get(chk, "patterns"), err, errlen) < 0)
                return -1;
        }
    }
    return 0;
}

static int build_spec(df_kb *kb, const char *name, const json_t *m)
{
    spec_entry *ns = realloc(kb->specs, (kb->nspecs + 1) * sizeof *ns);
    if (!ns)
        return -1;
    kb->specs = ns;
    spec_entry *e = &kb->specs[kb->nspecs];
    memset(e, 0, sizeof *e);
    e->name = name;
    const json_t *vo = json_object_get(m, "value_options");
    const json_t *longs = vo ? json_object_get(vo, "long") : NULL;
    size_t n = json_array_size(longs);
    e->longs = calloc(n + 1, sizeof *e->longs);
    if (!e->longs)
        return -1;
    for (size_t i = 0; i < n; i++)
        e->longs[i] = json_string_value(json_array_get(longs, i));
    const char *sh = vo ? json_string_value(json_object_get(vo, "short")) : NULL;
    e->spec.short_value = sh ? sh : "";
    e->spec.long_value = e->longs;
    e->spec.stop_at_operand = false;
    kb->nspecs++;
    return 0;
}

df_kb *df_kb_new(char *err, size_t errlen)
{
    df_kb *kb = calloc(1, sizeof *kb);
    if (!kb) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    json_error_t je;
    kb->pm = json_loadb(df_data_package_managers, df_data_package_managers_len, JSON_REJECT_DUPLICATES, &je);
    if (!kb->pm) {
        snprintf(err, errlen, "data/package-managers.json:%d:%d: %s", je.line, je.column, je.text);
        df_kb_free(kb);
        return NULL;
    }
    kb->bi = json_loadb(df_data_base_images, df_data_base_images_len, JSON_REJECT_DUPLICATES, &je);
    if (!kb->bi) {
        snprintf(err, errlen, "data/base-images.json:%d:%d: %s", je.line, je.column, je.text);
        df_kb_free(kb);
        return NULL;
    }
    kb->dm = json_loadb(df_data_dependency_manifests, df_data_dependency_manifests_len, JSON_REJECT_DUPLICATES, &je);
    if (!kb->dm) {
        snprintf(err, errlen, "data/dependency-manifests.json:%d:%d: %s", je.line, je.column, je.text);
        df_kb_free(kb);
        return NULL;
    }
    if (compile_dep_patterns(kb, err, errlen) < 0) {
        df_kb_free(kb);
        return NULL;
    }
    kb->managers = json_object_get(kb->pm, "managers");
    kb->md = pcre2_match_data_create(4, NULL);
    if (!json_is_object(kb->managers) || !kb->md) {
        snprintf(err, errlen, "data/package-managers.json: no \"managers\" object");
        df_kb_free(kb);
        return NULL;
    }
    const char *name;
    json_t *m;
    json_object_foreach(kb->managers, name, m)
    {
        const char *key;
        json_t *v;
        json_object_foreach(m, key, v)
        {
            size_t kl = strlen(key);
            bool is_pat = kl > 6 && strcmp(key + kl - 6, "_paths") == 0;
            if ((is_pat || strncmp(key, "config_", 7) == 0) && compile_patterns(kb, v, err, errlen) < 0) {
                df_kb_free(kb);
                return NULL;
            }
        }
        if (build_spec(kb, name, m) < 0) {
            snprintf(err, errlen, "out of memory");
            df_kb_free(kb);
            return NULL;
        }
    }
    if (build_cmds(kb) < 0 || build_strs(kb) < 0) {
        snprintf(err, errlen, "out of memory");
        df_kb_free(kb);
        return NULL;
    }
    return kb;
}

void df_kb_free(df_kb *kb)
{
    if (!kb)
        return;
    for (size_t i = 0; i < kb->npats; i++)
        pcre2_code_free(kb->pats[i].code);
    free(kb->pats);
    for (size_t i = 0; i < kb->nspecs; i++)
        free(kb->specs[i].longs);
    free(kb->specs);
    free(kb->cmds);
    free(kb->strs);
    pcre2_match_data_free(kb->md);
    json_decref(kb->pm);
    json_decref(kb->bi);
    json_decref(kb->dm);
    free(kb);
}

const json_t *df_kb_leftovers(const df_kb *kb)
{
    return json_object_get(kb->pm, "leftovers");
}

const json_t *df_kb_manager(const df_kb *kb, const char *name)
{
    return json_object_get(kb->managers, name);
}

bool df_kb_has(const json_t *obj, const char *key, const char *s, size_t n)
{
    const json_t *list = json_object_get(obj, key);
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_is_string(v) && json_string_length(v) == n && memcmp(json_string_value(v), s, n) == 0)
            return true;
    }
    return false;
}

bool df_kb_list_has(const df_kb *kb, const json_t *list, const char *s, size_t n)
{
    if (!json_is_array(list))
        return false;
    if (n != LIST_MARK && str_find(kb, list, "", LIST_MARK)->list)
        return str_find(kb, list, s, n)->list != NULL;
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_is_string(v) && json_string_length(v) == n && memcmp(json_string_value(v), s, n) == 0)
            return true;
    }
    return false;
}

bool df_kb_installs_name(const df_kb *kb, const char *s, size_t n, bool module)
{
    return n != LIST_MARK && str_find(kb, module ? &kb->install_mods : &kb->install_cmds, s, n)->list != NULL;
}

const json_t *df_kb_manager_for(const df_kb *kb, const char *cmd, size_t n, const char **name)
{
    const cmd_slot *e = cmd_find(kb, cmd, n);
    if (!e->cmd)
        return NULL;
    if (name)
        *name = e->name;
    return e->m;
}

const char *df_kb_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

bool df_kb_match(const df_kb *kb, const json_t *obj, const char *key, const char *s, size_t n)
{
    const json_t *list = json_object_get(obj, key);
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        for (size_t k = 0; k < kb->npats; k++) {
            if (kb->pats[k].str != v)
                continue;
            /* match data per call: one kb serves every worker thread */
            pcre2_match_data *md = pcre2_match_data_create(4, NULL);
            int r = md ? pcre2_match(kb->pats[k].code, (PCRE2_SPTR)s, n, 0, 0, md, NULL) : -1;
            pcre2_match_data_free(md);
            if (r >= 0)
                return true;
        }
    }
    return false;
}

const df_sh_flagspec *df_kb_flagspec(const df_kb *kb, const char *name)
{
    for (size_t i = 0; i < kb->nspecs; i++)
        if (strcmp(kb->specs[i].name, name) == 0)
            return &kb->specs[i].spec;
    return &empty_spec;
}

const json_t *df_kb_images(const df_kb *kb)
{
    return kb->bi;
}

const json_t *df_kb_deps(const df_kb *kb)
{
    return kb->dm;
}
