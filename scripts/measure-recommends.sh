#!/bin/sh
# measure-recommends.sh ROOTFS < names
#
# How data/package-managers.json's apt "recommends_none" list was made: for
# each package name read on stdin, simulate its install in a Debian root
# file system (an imgbuild base: /var/cache/imgbuild/rootfs-bookworm, with
# `apt-get update` run in it first) with and without
# --no-install-recommends, and print
#     NAME<TAB>none|recommends|missing
# "none": both simulations install the same packages, so the flag changes no
# byte of the image. Run as root (chroot), in a private mount namespace:
#     unshare -m sh scripts/measure-recommends.sh ROOT < names
# The root is changed (its apt lists and caches): use a copy.
set -eu
root=${1:?usage: measure-recommends.sh ROOTFS < names}
mount --bind /dev "$root/dev"
mount -t proc proc "$root/proc"
# the docker-clean config of the bases turns apt's package cache off: each
# call would parse every list again
c="-o Dir::Cache::pkgcache=/var/cache/apt/pkgcache.bin -o Dir::Cache::srcpkgcache=/var/cache/apt/srcpkgcache.bin"
insts() { awk '/^Inst /{print $2}' | sort | tr '\n' ' '; }
while read -r p; do
    # shellcheck disable=SC2086
    if a=$(chroot "$root" apt-get $c install -s -q "$p" 2>/dev/null); then
        a=$(printf '%s\n' "$a" | insts)
        # shellcheck disable=SC2086
        b=$(chroot "$root" apt-get $c install -s -q --no-install-recommends "$p" 2>/dev/null | insts)
        if [ "$a" = "$b" ]; then st=none; else st=recommends; fi
    else
        st=missing
    fi
    printf '%s\t%s\n' "$p" "$st"
done
