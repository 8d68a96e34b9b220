#!/bin/sh
# deps.sh PKGCONFIG_NAME:DEBIAN_PACKAGE ...  (or bin/COMMAND:DEBIAN_PACKAGE,
# or file/PATH:DEBIAN_PACKAGE for a package known by a file it installs)
# Checks each library with pkg-config (a program: on PATH); installs the missing ones with
# apt-get on Debian/Ubuntu (through sudo when not root), otherwise stops
# with the exact packages to install.
set -u
missing_pc=""
missing_deb=""
for spec in "$@"; do
    pc=${spec%%:*}
    deb=${spec#*:}
    case $pc in
    bin/*) command -v "${pc#bin/}" >/dev/null 2>&1 && continue ;;
    file/*) [ -e "/${pc#file/}" ] && continue ;;
    *) pkg-config --exists "$pc" 2>/dev/null && continue ;;
    esac
    missing_pc="$missing_pc $pc"
    missing_deb="$missing_deb $deb"
done
command -v pkg-config >/dev/null 2>&1 || missing_deb="pkg-config $missing_deb"
[ -z "$missing_deb" ] && exit 0

echo "dfopt: missing:${missing_pc:- pkg-config}; installing:$missing_deb" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "dfopt: no apt-get here. Install the development packages for:${missing_pc} (and pkg-config), then run make again." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "dfopt: not root and no sudo. As root, run: apt-get install$missing_deb" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -q $missing_deb; then
    $SUDO apt-get update -q && $SUDO apt-get install -y -q $missing_deb || {
        echo "dfopt: apt-get could not install:$missing_deb" >&2
        exit 1
    }
fi
