#!/bin/sh
# Makes sure the PostgreSQL server binaries and psql exist for the live tests (CI, fresh machines).
# Installs Debian's postgresql package when they are missing; never leaves its cluster running.
set -eu

server_bin_dir() {
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

have_psql() {
  command -v psql >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/psql >/dev/null 2>&1
}

if server_bin_dir >/dev/null && have_psql; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgres: PostgreSQL is missing and this is not a Debian-like system; install initdb, pg_ctl and psql" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

echo "ensure-postgres: installing PostgreSQL (Debian package postgresql)" >&2
# The tests start their own throwaway server: keep apt from starting the package's cluster.
policy=/usr/sbin/policy-rc.d
created_policy=no
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  created_policy=yes
fi
cleanup() {
  if [ "$created_policy" = yes ]; then $SUDO rm -f "$policy"; fi
}
trap cleanup EXIT

$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null

# Belt and braces for systems without policy-rc.d support (systemd): stop any cluster it made.
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters --no-header 2>/dev/null | while read -r version name _rest; do
    $SUDO pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
  done
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || true
fi

if ! dir=$(server_bin_dir) || ! have_psql; then
  echo "ensure-postgres: installation finished but initdb/pg_ctl/psql are still missing" >&2
  exit 1
fi
echo "ensure-postgres: PostgreSQL binaries in $dir" >&2
