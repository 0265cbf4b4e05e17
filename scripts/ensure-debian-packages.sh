#!/bin/sh
# Installs the Debian packages the test suite needs when their programs are missing (CI, fresh
# machines): one `apt-get update` and one install for everything missing. Services the packages
# would start are kept from starting: the tests run their own private servers.
# Add a need as one line of NEEDS: "<program that proves it is installed> <Debian package>".
set -eu

NEEDS='
az azure-cli
fish fish
zsh zsh
/usr/sbin/mariadbd mariadb-server
mariadb mariadb-client
redis-server redis-server
redis-cli redis-tools
'

missing=''
for need in $(printf '%s' "$NEEDS" | tr ' ' ':'); do
  program=${need%%:*}
  package=${need#*:}
  [ -n "$program" ] || continue
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "$program" ]; then
    missing="$missing $package"
  fi
done
[ -n "$missing" ] || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-debian-packages: missing$missing and this is not a Debian-like system; install them by hand" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi

echo "ensure-debian-packages: installing$missing" >&2
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

# The dpkg lock may be held by another installer for a while: wait for it rather than fail.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
echo "ensure-debian-packages: installed$missing" >&2
