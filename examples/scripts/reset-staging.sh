#!/bin/sh
# The incident's shape: a script that "just resets staging". guard scan reads what it would run.
set -eu
railway volume delete --volume pg-data --yes
psql "$DATABASE_URL" -c 'TRUNCATE sessions'
