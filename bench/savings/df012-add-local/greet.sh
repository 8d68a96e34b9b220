#!/bin/sh
echo "$(cat /etc/greet/greeting.txt), world"
