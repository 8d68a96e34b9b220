#!/bin/sh
ps -e >/dev/null && echo healthy
