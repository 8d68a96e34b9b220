/*
 * git.c - run git with an argument vector, capture what it says.
 *
 * posix_spawnp() with three pipes; one poll() loop feeds standard input
 * and drains standard output and error together, so neither side can block
 * the other whatever the sizes.
 */
#include "dfopt/botgit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_ARGS 64

/* Variables that would make git act on another repository or index. */
static bool dropped_var(const char *e)
{
    static const char *const drop[] = {"GIT_DIR=", "GIT_WORK_TREE=", "GIT_INDEX_FILE=", "GIT_OBJECT_DIRECTORY=",
                                       "GIT_PREFIX=", "GIT_TERMINAL_PROMPT=", NULL};
    for (size_t i = 0; drop[i]; i++)
        if (strncmp(e, drop[i], strlen(drop[i])) == 0)
            return true;
    return false;
}

static char **child_env(void)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 2, sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!dropped_var(environ[i]))
            env[k++] = environ[i];
    env[k++] = (char *)"GIT_TERMINAL_PROMPT=0";
    env[k] = NULL;
    return env;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Feed in, collect out and err until both pipes close. */
static void pump(int fin, const char *in, size_t inlen, int fout, int ferr, df_git_res *r)
{
    size_t sent = 0;
    if (inlen == 0)
        close_fd(&fin);
    char tmp[8192];
    while (fout >= 0 || ferr >= 0) {
        struct pollfd p[3];
        int np = 0;
        int iin = -1, iout = -1, ierr = -1;
        if (fin >= 0) {
            p[np] = (struct pollfd){.fd = fin, .events = POLLOUT};
            iin = np++;
        }
        if (fout >= 0) {
            p[np] = (struct pollfd){.fd = fout, .events = POLLIN};
            iout = np++;
        }
        if (ferr >= 0) {
            p[np] = (struct pollfd){.fd = ferr, .events = POLLIN};
            ierr = np++;
        }
        if (poll(p, (nfds_t)np, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (iin >= 0 && p[iin].revents) {
            ssize_t w = write(fin, in + sent, inlen - sent);
            if (w > 0)
                sent += (size_t)w;
            if (w < 0 && errno != EINTR && errno != EAGAIN)
                close_fd(&fin);
            if (sent == inlen)
                close_fd(&fin);
        }
        int *fds[2] = {&fout, &ferr};
        int idx[2] = {iout, ierr};
        df_buf *bufs[2] = {&r->out, &r->err};
        for (int k = 0; k < 2; k++) {
            if (idx[k] < 0 || !p[idx[k]].revents)
                continue;
            ssize_t got = read(*fds[k], tmp, sizeof tmp);
            if (got > 0) {
                if (df_buf_add(bufs[k], tmp, (size_t)got) < 0)
                    close_fd(fds[k]); /* out of memory: stop reading, git gets EPIPE */
            } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
                close_fd(fds[k]);
            }
        }
    }
    close_fd(&fin);
    close_fd(&fout);
    close_fd(&ferr);
}

int df_git_run(const char *dir, const char *in, size_t inlen, df_git_res *r, const char *const *args)
{
    char *argv[MAX_ARGS + 4];
    size_t n = 0;
    argv[n++] = (char *)"git";
    argv[n++] = (char *)"-C";
    argv[n++] = (char *)(dir ? dir : ".");
    for (size_t i = 0; args[i]; i++) {
        if (n >= MAX_ARGS + 3)
            return r->status = -1;
        argv[n++] = (char *)args[i];
    }
    argv[n] = NULL;
    df_buf_clear(&r->out);
    df_buf_clear(&r->err);
    df_buf_addstr(&r->out, "");
    df_buf_addstr(&r->err, "");
    r->status = -1;

    int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
    char **env = child_env();
    posix_spawn_file_actions_t fa;
    bool fa_ok = false;
    pid_t pid = -1;
    if (!env || pipe(pin) < 0 || pipe(pout) < 0 || pipe(perr) < 0)
        goto out;
    fcntl(pin[1], F_SETFD, FD_CLOEXEC);
    fcntl(pout[0], F_SETFD, FD_CLOEXEC);
    fcntl(perr[0], F_SETFD, FD_CLOEXEC);
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto out;
    fa_ok = true;
    if (posix_spawn_file_actions_adddup2(&fa, pin[0], 0) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, pout[1], 1) != 0 ||
        posix_spawn_file_actions_adddup2(&fa, perr[1], 2) != 0)
        goto out;
    if (posix_spawnp(&pid, "git", &fa, NULL, argv, env) != 0) {
        pid = -1;
        df_buf_addstr(&r->err, "cannot start git: is it installed and on PATH?\n");
        goto out;
    }
    close_fd(&pin[0]);
    close_fd(&pout[1]);
    close_fd(&perr[1]);
    pump(pin[1], in, in ? inlen : 0, pout[0], perr[0], r);
    pin[1] = pout[0] = perr[0] = -1;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) {
            st = -1;
            break;
        }
    if (st == -1)
        r->status = -1;
    else if (WIFEXITED(st))
        r->status = WEXITSTATUS(st);
    else
        r->status = WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
out:
    if (fa_ok)
        posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < 2; i++) {
        close_fd(&pin[i]);
        close_fd(&pout[i]);
        close_fd(&perr[i]);
    }
    free(env);
    return r->status;
}

int df_git(const char *dir, df_git_res *r, ...)
{
    const char *args[MAX_ARGS + 1];
    size_t n = 0;
    va_list ap;
    va_start(ap, r);
    const char *a;
    while ((a = va_arg(ap, const char *)) != NULL && n < MAX_ARGS)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    return df_git_run(dir, NULL, 0, r, args);
}

const char *df_git_line(df_git_res *r)
{
    if (!r->out.data)
        return "";
    char *nl = memchr(r->out.data, '\n', r->out.len);
    if (nl) {
        *nl = '\0';
        r->out.len = (size_t)(nl - r->out.data);
    }
    return r->out.data;
}

const char *df_git_errline(df_git_res *r)
{
    if (!r->err.data)
        return "";
    char *s = r->err.data;
    size_t n = r->err.len;
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
    r->err.len = n;
    size_t k = n;
    while (k && s[k - 1] != '\n')
        k--;
    return s + k;
}

void df_git_res_release(df_git_res *r)
{
    df_buf_release(&r->out);
    df_buf_release(&r->err);
    r->status = -1;
}
