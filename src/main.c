/* main.c - temporary driver (replaced by the CLI module). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dfopt/astjson.h"
#include "dfopt/buf.h"
#include "dfopt/parser.h"

static int read_all(const char *path, df_buf *b)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return -1;
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        df_buf_add(b, tmp, n);
    if (f != stdin)
        fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    int ast = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--ast"))
            ast = 1;
        else if (!strcmp(argv[i], "--select"))
            i++;
        else
            path = argv[i];
    }
    if (!path)
        return 2;
    df_buf b = DF_BUF_INIT;
    if (read_all(path, &b) < 0) {
        perror(path);
        return 2;
    }
    df_source src;
    df_source_init(&src, path, b.data ? b.data : "", b.len);
    df_parse_error err;
    df_doc *d = df_parse(&src, &err);
    if (!d) {
        fprintf(stderr, "%s:%zu: error: %s\n", path, err.line, err.message);
        return 3;
    }
    const char *bad = df_doc_check(d);
    if (bad) {
        fprintf(stderr, "%s: internal error: %s\n", path, bad);
        return 4;
    }
    if (ast) {
        df_buf o = DF_BUF_INIT;
        df_ast_json(d, &o);
        fwrite(o.data, 1, o.len, stdout);
        df_buf_release(&o);
    } else {
        fwrite(b.data, 1, b.len, stdout);
    }
    df_doc_free(d);
    df_source_release(&src);
    df_buf_release(&b);
    return 0;
}
