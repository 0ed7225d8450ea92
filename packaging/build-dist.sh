#!/usr/bin/env bash
# THE command that builds the distribution for the air-gapped laptop:
#
#   packaging/build-dist.sh            # -> target/dist/{keyceremony/, keyceremony_<ver>-1_amd64.deb, SHA256SUMS}
#
# Installs the Debian tools jpackage needs for a .deb when they are missing (fakeroot,
# unzip; with sudo when not root), then runs `mvn -B -Pdist -DskipTests package`: Maven
# builds and assembles target/keyceremony/, and the `dist` profile runs packaging/make-dist.sh
# (jlink + jpackage + SHA256SUMS). Extra arguments go to Maven (e.g. -o for offline).
# Needs: JDK 17 (with jlink and jpackage: Debian openjdk-17-jdk), Maven 3.8+, git (optional:
# without it the build records commit "unknown").
set -euo pipefail
cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.."

missing=""
for pkg in fakeroot unzip; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  echo "build-dist: installing:$missing" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
fi
for tool in mvn jlink jpackage; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "${JAVA_HOME:-/nonexistent}/bin/$tool" ] \
    || { echo "build-dist: $tool not found: install openjdk-17-jdk and maven" >&2; exit 1; }
done

exec mvn -B -Pdist -DskipTests package "$@"
