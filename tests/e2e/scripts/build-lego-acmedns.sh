#!/usr/bin/env bash
# Builds the lego the end-to-end suite runs with `--dns acme-dns`: Debian's lego, from Debian's
# source package, with its acme-dns provider (providers/dns/acmedns, lego's own code, in the
# source) registered again. Debian leaves it out (debian/rules `nodns`) because its library,
# github.com/cpu/goacmedns, is not packaged; tests/e2e/goacmedns is this project's own
# implementation of what the provider calls, built in its place. Everything else comes from
# Debian: golang-go, the golang-*-dev Build-Depends, and `apt-get source` (through deb-src
# entries of its own beside apt's Debian deb entries; the machine's apt sources are left alone).
#
# As root; idempotent. The binary is kept under /var/cache/hlp-e2e/lego-acmedns/<hash of the
# inputs>/ and linked as /var/cache/hlp-e2e/lego-acmedns/lego, where the suite runs it; a second
# run with the same inputs (wherever the checkout is) only relinks it.
set -euo pipefail

E2E_DIR=$(cd "$(dirname "$0")/.." && pwd)
SOURCE_PACKAGE=golang-github-xenolf-lego
CACHE=/var/cache/hlp-e2e/lego-acmedns
LINK=$CACHE/lego
GOACMEDNS=$E2E_DIR/goacmedns

say() { printf '[build-lego-acmedns] %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || { say "run it as root: it installs Debian packages"; exit 1; }
export DEBIAN_FRONTEND=noninteractive

debian_version=$(apt-cache policy lego | awk '/Candidate:/ { print $2 }')
[ -n "$debian_version" ] && [ "$debian_version" != "(none)" ] \
  || { say "apt knows no lego package: run apt-get update"; exit 1; }
key=$(
  {
    echo "$debian_version"
    cat "$0"
    for file in "$GOACMEDNS"/*.go; do basename "$file"; cat "$file"; done
  } | sha256sum | cut -c1-16
)
binary=$CACHE/$key/lego

if [ -x "$binary" ]; then
  ln -sfn "$key/lego" "$LINK"
  say "cached: $LINK -> $binary ($("$binary" --version))"
  exit 0
fi
say "building lego $debian_version with its acme-dns provider into $binary"

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null

# The source through an apt configuration of its own, the machine's left as it is: a deb-src
# entry beside each Debian deb entry apt has (same mirror, suite and component).
apt_dir=$work/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/parts"
apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT) $(ORIGIN)' 'Identifier: Packages' \
  | awk -v keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
    '$4 == "Debian" { print "deb-src [signed-by=" keyring "]", $1, $2, $3 }' \
  | sort -u >"$apt_dir/sources.list"
[ -s "$apt_dir/sources.list" ] || { say "apt has no Debian deb entry to add deb-src beside"; exit 1; }
apt_source=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
  -o "Dir::State::Lists=$apt_dir/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
# Downloaded by the unprivileged _apt user, as apt prefers.
chown -R _apt "$work"
say "fetching Debian's source in $work (apt-get source $SOURCE_PACKAGE) from:"
sed 's/^/  /' "$apt_dir/sources.list"
apt-get "${apt_source[@]}" update -qq
(cd "$work" && apt-get "${apt_source[@]}" source -qq "$SOURCE_PACKAGE" >/dev/null)
source_dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'golang-github-xenolf-lego-*')
[ -f "$source_dir/providers/dns/acmedns/acmedns.go" ] \
  || { say "the source has no providers/dns/acmedns/acmedns.go"; exit 1; }

say "installing its build dependencies (apt-get build-dep, from its debian/control)"
apt-get build-dep -y -qq --no-install-recommends "$source_dir" >/dev/null
say "$(go version)"

registry=$source_dir/providers/dns/dns_providers.go
# Debian's consistency.patch renames the registry's `case "acme-dns"` to "acmedns", so that the
# line removal below takes it too; reversed, the provider keeps upstream's name.
patch -s -R -p1 -d "$source_dir" <"$source_dir/debian/patches/consistency.patch"
# As debian/rules override_dh_auto_configure does, every provider of its `nodns` list but
# acmedns leaves the registry.
nodns=$(make -s -f "$source_dir/debian/rules" --eval 'print-nodns: ; @echo $(nodns)' print-nodns)
left_out=()
for provider in $nodns; do
  [ "$provider" = acmedns ] && continue
  perl -ni -E "print unless m{\\b$provider\\b}" "$registry"
  left_out+=("$provider")
done
grep -A1 'case "acme-dns":' "$registry" | grep 'return acmedns.NewDNSProvider()' >/dev/null \
  || { say "$registry does not map acme-dns to acmedns.NewDNSProvider"; exit 1; }
say "registry: Debian's providers, and acme-dns again (still left out: ${left_out[*]})"

# GOPATH mode, as dh-golang builds it: the Debian Go libraries from /usr/share/gocode, lego
# and our goacmedns under the import paths they are imported by.
gopath=$work/gopath
mkdir -p "$gopath/src/github.com/go-acme" "$gopath/src/github.com/cpu"
mv "$source_dir" "$gopath/src/github.com/go-acme/lego"
cp -r "$GOACMEDNS" "$gopath/src/github.com/cpu/goacmedns"
export GOPATH=$gopath:/usr/share/gocode GO111MODULE=off GOFLAGS=-trimpath GOCACHE=$work/go-build

say "testing goacmedns"
go test github.com/cpu/goacmedns
say "building cmd/lego"
mkdir -p "$work/out"
source_version=$(dpkg-parsechangelog -l "$gopath/src/github.com/go-acme/lego/debian/changelog" -S Version)
go build -o "$work/out/lego" -ldflags "-X main.version=$source_version+acmedns" \
  github.com/go-acme/lego/cmd/lego
go tool nm "$work/out/lego" | grep 'providers/dns/acmedns.NewDNSProvider$' >/dev/null \
  || { say "the binary has no acme-dns provider"; exit 1; }

# Binaries of other inputs are of no use any more.
find "$CACHE" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
mkdir -p "$CACHE/$key"
mv "$work/out/lego" "$binary"
ln -sfn "$key/lego" "$LINK"
say "done: $LINK -> $binary ($("$binary" --version))"
