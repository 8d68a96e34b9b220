/*
 * botgh.h - the GitHub REST calls dfopt-bot makes, through libcurl.
 *
 * Configured the way GitHub Actions sets a job up: the API root
 * (GITHUB_API_URL, https://api.github.com by default; GitHub Enterprise
 * and the tests give another), the token (GITHUB_TOKEN, sent as
 * "Authorization: Bearer") and the repository ("owner/name",
 * GITHUB_REPOSITORY). main() reads the environment; this module only
 * takes the values.
 *
 * Every call returns 0 on a 2xx answer, else -1 with one line in res->error
 * naming the HTTP status and GitHub's message ("HTTP 422 Unprocessable
 * Entity: Validation Failed (A pull request already exists ...)"), or the
 * network failure ("network error: Couldn't connect to server").
 *
 * Ownership: df_gh_res owns the parsed answer (res->json, a jansson
 * reference); df_gh_res_release() drops it.
 */
#ifndef DFOPT_BOTGH_H
#define DFOPT_BOTGH_H

#include <jansson.h>

typedef struct {
    char api[512];     /* API root, without trailing slash */
    const char *token;
    const char *owner; /* the two halves of GITHUB_REPOSITORY */
    const char *name;
    void *curl;        /* CURL *, set by df_gh_init */
} df_gh;

typedef struct {
    long status;       /* HTTP status; 0 when no answer came */
    json_t *json;      /* parsed body, or NULL */
    char error[600];
} df_gh_res;

/* Split repository into owner/name (copied into own[ownlen], name[namelen])
 * and start libcurl. Returns 0, or -1 with a message in err. */
int df_gh_init(df_gh *gh, const char *api, const char *token, const char *repository, char *own, size_t ownlen,
               char *name, size_t namelen, char *err, size_t errlen);
void df_gh_release(df_gh *gh);

/* method path (relative to /repos/OWNER/NAME, e.g. "/pulls") with an
 * optional JSON body (not stolen). */
int df_gh_request(df_gh *gh, const char *method, const char *path, const json_t *body, df_gh_res *res);

/* URL-escape s for a query string (malloc'ed). */
char *df_gh_escape(df_gh *gh, const char *s);

void df_gh_res_release(df_gh_res *res);

#endif
