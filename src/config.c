/*
 * config.c - .dfopt.json lookup and loading (see config.h).
 */
#include "dfopt/config.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int exists(const char *dir, const char *name, char *out, size_t outlen)
{
    struct stat st;
    if ((size_t)snprintf(out, outlen, "%s/%s", dir, name) >= outlen)
        return 0;
    return stat(out, &st) == 0;
}

char *df_config_find(const char *start_dir)
{
    char dir[PATH_MAX];
    if (!realpath(start_dir, dir))
        return NULL;
    char cand[PATH_MAX + 32];
    for (;;) {
        if (exists(dir, ".dfopt.json", cand, sizeof cand))
            return strdup(cand);
        if (exists(dir, ".git", cand, sizeof cand))
            return NULL;
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            return NULL;
        *slash = '\0';
    }
}

static int list_value(json_t *v, df_options *o, int select, const char *key, char *err, size_t errlen)
{
    char bad[64];
    if (json_is_string(v)) {
        if (df_options_select(o, json_string_value(v), select, bad, sizeof bad) < 0) {
            snprintf(err, errlen, "\"%s\": unknown rule \"%s\"", key, bad);
            return -1;
        }
        return 0;
    }
    if (!json_is_array(v)) {
        snprintf(err, errlen, "\"%s\" must be a list of rule ids or names", key);
        return -1;
    }
    /* join into one list so that select replaces the set once */
    size_t i;
    json_t *e;
    char buf[2048] = "";
    json_array_foreach(v, i, e)
    {
        if (!json_is_string(e)) {
            snprintf(err, errlen, "\"%s\" must be a list of strings", key);
            return -1;
        }
        if (strlen(buf) + json_string_length(e) + 2 >= sizeof buf) {
            snprintf(err, errlen, "\"%s\" is too long", key);
            return -1;
        }
        if (buf[0])
            strcat(buf, ",");
        strcat(buf, json_string_value(e));
    }
    if (!buf[0] && select)
        strcpy(buf, "none");
    if (df_options_select(o, buf, select, bad, sizeof bad) < 0) {
        snprintf(err, errlen, "\"%s\": unknown rule \"%s\"", key, bad);
        return -1;
    }
    return 0;
}

int df_config_load(const char *path, df_options *o, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (je.line < 1)
            snprintf(err, errlen, "cannot read %s: %s", path, je.text);
        else
            snprintf(err, errlen, "%s:%d:%d: %s", path, je.line, je.column, je.text);
        return -1;
    }
    int rc = 0;
    if (!json_is_object(root)) {
        snprintf(err, errlen, "%s: the configuration must be a JSON object", path);
        rc = -1;
    }
    const char *key;
    json_t *v;
    /* select replaces the rule set, ignore removes from it: apply them in
     * that order whatever the order of the keys in the file */
    char e1[300] = "";
    json_t *sel = rc == 0 ? json_object_get(root, "select") : NULL;
    json_t *ign = rc == 0 ? json_object_get(root, "ignore") : NULL;
    if (sel && list_value(sel, o, 1, "select", e1, sizeof e1) < 0)
        rc = -1;
    if (rc == 0 && ign && list_value(ign, o, 0, "ignore", e1, sizeof e1) < 0)
        rc = -1;
    if (rc < 0 && e1[0])
        snprintf(err, errlen, "%s: %s", path, e1);
    json_object_foreach(root, key, v)
    {
        if (rc < 0)
            break;
        char e2[300] = "";
        if (strcmp(key, "select") == 0 || strcmp(key, "ignore") == 0) {
            continue;
        } else if (strcmp(key, "unsafe-fixes") == 0 || strcmp(key, "fix-build-stages") == 0) {
            if (!json_is_boolean(v)) {
                snprintf(e2, sizeof e2, "\"%s\" must be true or false", key);
                rc = -1;
            } else if (key[0] == 'u') {
                o->unsafe_fixes = json_is_true(v);
            } else {
                o->fix_build_stages = json_is_true(v);
            }
        } else if (strcmp(key, "merge") == 0) {
            const char *s = json_string_value(v);
            if (s && strcmp(s, "aggressive") == 0)
                o->merge_aggressive = true;
            else if (s && strcmp(s, "default") == 0)
                o->merge_aggressive = false;
            else {
                snprintf(e2, sizeof e2, "\"merge\" must be \"default\" or \"aggressive\"");
                rc = -1;
            }
        } else {
            snprintf(e2, sizeof e2, "unknown key \"%s\"", key);
            rc = -1;
        }
        if (rc < 0)
            snprintf(err, errlen, "%s: %s", path, e2);
    }
    json_decref(root);
    return rc;
}
