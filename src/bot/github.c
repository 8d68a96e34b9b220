/*
 * github.c - GitHub REST calls over libcurl, answers parsed with jansson.
 */
#include "dfopt/botgh.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/buf.h"

static bool name_ok(const char *s, size_t n)
{
    if (n == 0 || n > 100)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

int df_gh_init(df_gh *gh, const char *api, const char *token, const char *repository, char *own, size_t ownlen,
               char *name, size_t namelen, char *err, size_t errlen)
{
    memset(gh, 0, sizeof *gh);
    const char *slash = repository ? strchr(repository, '/') : NULL;
    if (!slash || !name_ok(repository, (size_t)(slash - repository)) || !name_ok(slash + 1, strlen(slash + 1)) ||
        (size_t)(slash - repository) >= ownlen || strlen(slash + 1) >= namelen) {
        snprintf(err, errlen, "GITHUB_REPOSITORY must be OWNER/NAME, not \"%s\"", repository ? repository : "");
        return -1;
    }
    snprintf(own, ownlen, "%.*s", (int)(slash - repository), repository);
    snprintf(name, namelen, "%s", slash + 1);
    gh->owner = own;
    gh->name = name;
    if (!api || strlen(api) >= sizeof gh->api || (strncmp(api, "https://", 8) != 0 && strncmp(api, "http://", 7) != 0)) {
        snprintf(err, errlen, "GITHUB_API_URL must be an http(s) URL, not \"%s\"", api ? api : "");
        return -1;
    }
    snprintf(gh->api, sizeof gh->api, "%s", api);
    for (size_t l = strlen(gh->api); l > 0 && gh->api[l - 1] == '/'; l--)
        gh->api[l - 1] = '\0';
    gh->token = token;
    gh->curl = curl_easy_init();
    if (!gh->curl) {
        snprintf(err, errlen, "cannot start libcurl");
        return -1;
    }
    return 0;
}

void df_gh_release(df_gh *gh)
{
    if (gh->curl)
        curl_easy_cleanup(gh->curl);
    gh->curl = NULL;
}

static size_t collect(char *p, size_t size, size_t n, void *ud)
{
    df_buf *b = ud;
    return df_buf_add(b, p, size * n) < 0 ? 0 : size * n;
}

static const char *reason(long st)
{
    switch (st) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized (is GITHUB_TOKEN valid?)";
    case 403: return "Forbidden (does the token have contents and pull-requests write permission?)";
    case 404: return "Not Found (is GITHUB_REPOSITORY right, and can the token see it?)";
    case 409: return "Conflict";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return st >= 500 ? "Server Error" : "unexpected status";
    }
}

/* "HTTP 422 Unprocessable Entity: Validation Failed (detail)" */
static void http_error(df_gh_res *res)
{
    const char *msg = json_string_value(json_object_get(res->json, "message"));
    const char *detail = NULL;
    json_t *errs = json_object_get(res->json, "errors");
    if (json_is_array(errs) && json_array_size(errs) > 0) {
        json_t *e0 = json_array_get(errs, 0);
        detail = json_string_value(json_object_get(e0, "message"));
        if (!detail)
            detail = json_string_value(json_object_get(e0, "code"));
    }
    int n = snprintf(res->error, sizeof res->error, "HTTP %ld %s", res->status, reason(res->status));
    if (msg && n > 0 && (size_t)n < sizeof res->error)
        n += snprintf(res->error + n, sizeof res->error - (size_t)n, ": %s", msg);
    if (detail && n > 0 && (size_t)n < sizeof res->error)
        snprintf(res->error + n, sizeof res->error - (size_t)n, " (%s)", detail);
    /* one line: GitHub messages may hold newlines */
    for (char *p = res->error; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

int df_gh_request(df_gh *gh, const char *method, const char *path, const json_t *body, df_gh_res *res)
{
    memset(res, 0, sizeof *res);
    CURL *c = gh->curl;
    df_buf url = DF_BUF_INIT, auth = DF_BUF_INIT, in = DF_BUF_INIT;
    char *payload = NULL;
    struct curl_slist *hdr = NULL;
    int rc = -1;
    if (df_buf_printf(&url, "%s/repos/%s/%s%s", gh->api, gh->owner, gh->name, path) < 0 ||
        df_buf_printf(&auth, "Authorization: Bearer %s", gh->token ? gh->token : "") < 0) {
        snprintf(res->error, sizeof res->error, "out of memory");
        goto out;
    }
    curl_easy_reset(c);
    hdr = curl_slist_append(hdr, "Accept: application/vnd.github+json");
    hdr = curl_slist_append(hdr, "X-GitHub-Api-Version: 2022-11-28");
    hdr = curl_slist_append(hdr, auth.data);
    if (body) {
        payload = json_dumps(body, JSON_COMPACT);
        hdr = curl_slist_append(hdr, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
    }
    if (!hdr || (body && !payload)) {
        snprintf(res->error, sizeof res->error, "out of memory");
        goto out;
    }
    curl_easy_setopt(c, CURLOPT_URL, url.data);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "GET") == 0)
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "dfopt-bot/" DFOPT_VERSION);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &in);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    char cerr[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
    CURLcode cc = curl_easy_perform(c);
    if (cc != CURLE_OK) {
        snprintf(res->error, sizeof res->error, "network error: %s", cerr[0] ? cerr : curl_easy_strerror(cc));
        goto out;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    if (in.len) {
        json_error_t je;
        res->json = json_loadb(in.data, in.len, 0, &je);
    }
    if (res->status < 200 || res->status > 299) {
        http_error(res);
        goto out;
    }
    rc = 0;
out:
    curl_slist_free_all(hdr);
    free(payload);
    df_buf_release(&url);
    df_buf_release(&auth);
    df_buf_release(&in);
    /* the error buffer lives on this stack frame: unhook it */
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    return rc;
}

char *df_gh_escape(df_gh *gh, const char *s)
{
    char *e = curl_easy_escape(gh->curl, s, 0);
    char *r = e ? strdup(e) : NULL;
    curl_free(e);
    return r;
}

void df_gh_res_release(df_gh_res *res)
{
    if (res->json)
        json_decref(res->json);
    res->json = NULL;
}
