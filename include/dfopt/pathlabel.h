/*
 * pathlabel.h - the file name a diff shows, chosen so that `git apply`
 * (and `patch -p1`) find the file.
 *
 * git apply reads the a/ and b/ names of a "diff --git" patch as paths
 * from the top of the work tree, wherever in it it runs (from a subfolder
 * it applies only what lies below that folder). So when the file's real
 * folder is inside a work tree (a folder with a .git entry, as git and
 * the configuration lookup decide), the label is the path from the top of
 * that tree. Elsewhere it is the path from the current folder when the
 * file is below it, else the path as given, normalised ("." and "x/.."
 * parts dropped, no leading "/").
 *
 *   cwd /repo/sub:  Dockerfile            -> sub/Dockerfile
 *   cwd /repo:      ./sub/../sub/Dockerfile, /repo/sub/Dockerfile
 *                                         -> sub/Dockerfile
 *   outside a work tree: ./x/../y/Dockerfile -> y/Dockerfile
 *   standard input ("-"):                 -> Dockerfile
 */
#ifndef DFOPT_PATHLABEL_H
#define DFOPT_PATHLABEL_H

/* malloc'ed; NULL when out of memory. dirs (NULL: none) keeps for the
 * run the real path of each folder and of the current folder, and the
 * work tree each folder is in (dircache.h): the files of one folder then
 * cost no system call. */
struct df_dircache;
char *df_diff_label(const char *path, struct df_dircache *dirs);

/* path without "." parts, "x/.." pairs (x not ".."), doubled and trailing
 * "/"; "." when nothing is left. malloc'ed; NULL when out of memory. */
char *df_path_normalise(const char *path);

#endif
