#!/usr/bin/env bash
# Turns target/keyceremony/ (what `mvn package` assembles) into the distribution for the
# air-gapped laptop, under target/dist/:
#   keyceremony/                 jpackage app image: bin/keyceremony, bin/ceremony, lib/app (jars,
#                                ceremony-scripts), lib/runtime (jlinked JDK 17 + JavaFX, no JDK needed)
#   keyceremony_<ver>-1_amd64.deb   the same image as a Debian package (installs to /opt/keyceremony)
#   SHA256SUMS                   sha256sum of every file above (check with `sha256sum -c SHA256SUMS`)
# Run by packaging/build-dist.sh (through `mvn -Pdist package`); on its own after `mvn package`.
# Environment: JAVA_HOME (a JDK 17 with jlink and jpackage; default: the javac on the PATH),
# SOURCE_DATE_EPOCH (default: the pom's project.build.outputTimestamp), KEYCEREMONY_NO_DEB=1
# to build the app image only.
set -euo pipefail
root=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd -P)
cd "$root"
say() { printf 'make-dist: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

src=target/keyceremony
dist=target/dist
work=target/dist-work
[ -f "$src/lib/keyceremony.jar" ] || die "$src/lib/keyceremony.jar is missing: run 'mvn package' first (or packaging/build-dist.sh)."

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ]; then
  jdk=$JAVA_HOME
elif command -v javac >/dev/null 2>&1; then
  jdk=$(dirname -- "$(dirname -- "$(readlink -f -- "$(command -v javac)")")")
else
  die "no JDK found: install a JDK 17 (Debian: apt-get install openjdk-17-jdk) or set JAVA_HOME."
fi
for tool in jlink jpackage; do
  [ -x "$jdk/bin/$tool" ] || die "$jdk/bin/$tool is missing: a full JDK 17 is needed (Debian: openjdk-17-jdk)."
done
jdk_version=$("$jdk/bin/jlink" --version)
case "$jdk_version" in 17.*) ;; *) say "warning: jlink $jdk_version, the distribution is made and tested with JDK 17";; esac

# Version and commit exactly as the application jar recorded them (BuildStamp reads the same file).
build_info=$(unzip -p "$src/lib/keyceremony.jar" org/keyceremony/build-info.properties)
version=$(printf '%s\n' "$build_info" | sed -n 's/^version=//p')
commit=$(printf '%s\n' "$build_info" | sed -n 's/^commit=//p')
[ -n "$version" ] || die "no version in org/keyceremony/build-info.properties of $src/lib/keyceremony.jar"
# jpackage wants a numeric version; Debian sorts "0.1.0~snapshot" before the release "0.1.0".
numeric=${version%%-*}
case "$version" in *-SNAPSHOT) deb_version="$numeric~snapshot";; *) deb_version=$numeric;; esac

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  stamp=$(sed -n 's|.*<project.build.outputTimestamp>\(.*\)</project.build.outputTimestamp>.*|\1|p' pom.xml)
  SOURCE_DATE_EPOCH=$(date -u -d "$stamp" +%s)
fi
export SOURCE_DATE_EPOCH
say "KeyCeremony $version (commit $commit), JDK $jdk_version, timestamps $(date -u -d "@$SOURCE_DATE_EPOCH" +%FT%TZ)"

rm -rf "$dist" "$work"
mkdir -p "$dist" "$work/input"

# 1. Runtime: only the modules the application uses (jdeps --print-module-deps over the jars
# gives java.base, java.desktop, java.management, java.naming, java.sql, javafx.controls), plus
# what is loaded by name or service and jdeps cannot see: the PKCS#11 provider and wrapper, the
# EC provider, the charsets. java.management is also what the rehearsal's child JVM needs.
modules=java.base,java.desktop,java.management,java.naming,java.sql,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.unsupported,jdk.charsets,javafx.controls
# The JavaFX jars without a classifier are empty placeholders (Automatic-Module-Name
# javafx.*Empty); the modules are in the platform jars (…-linux.jar), the ones with a module-info.
fx_path=""
for jar in "$src"/lib/javafx/*.jar; do
  if unzip -Z1 "$jar" module-info.class >/dev/null 2>&1; then
    fx_path="${fx_path:+$fx_path:}$jar"
  fi
done
[ -n "$fx_path" ] || die "no JavaFX platform jars (javafx-*-linux.jar) in $src/lib/javafx"
say "jlink: $modules"
"$jdk/bin/jlink" --module-path "$fx_path" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --output "$work/runtime"
# JavaFX's native libraries travel inside its jars; left there, JavaFX would extract them into
# ~/.openjfx/cache at first start. Put them beside the JDK's own libraries instead, where JavaFX
# loads them from ("Loaded …/lib/runtime/lib/libglass.so from relative path") and where
# SHA256SUMS covers them.
IFS=: read -r -a fx_jars <<<"$fx_path"
for jar in "${fx_jars[@]}"; do
  if unzip -Z1 "$jar" '*.so' >/dev/null 2>&1; then
    unzip -q -o -j "$jar" '*.so' -d "$work/runtime/lib"
  fi
done

# 2. The application: every jar on the class path, and the shipped ceremony scripts.
cp "$src"/lib/*.jar "$work/input/"
cp -r "$src/ceremony-scripts" "$work/input/ceremony-scripts"

# 3. App image.
say "jpackage: app image"
"$jdk/bin/jpackage" @packaging/jpackage/app-image.args --type app-image --app-version "$numeric" \
  --runtime-image "$work/runtime" --input "$work/input" --dest "$dist"
image="$dist/keyceremony"
# Same bytes, same dates: file times are not in SHA256SUMS, but they are in the .deb's tar.
find "$image" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# 4. Debian package of that image. gzip, not dpkg's default xz: 14 s instead of 90 s here, and
# the jars inside are compressed already. dpkg-deb clamps the tar times to SOURCE_DATE_EPOCH.
if [ "${KEYCEREMONY_NO_DEB:-}" != 1 ]; then
  for tool in dpkg-deb fakeroot; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian: apt-get install fakeroot dpkg-dev); packaging/build-dist.sh installs it."
  done
  say "jpackage: deb $deb_version"
  DPKG_DEB_COMPRESSOR_TYPE=gzip "$jdk/bin/jpackage" @packaging/jpackage/linux-deb.args \
    --app-image "$image" --app-version "$deb_version" --dest "$dist"
fi

# 5. SHA256SUMS over every file of the distribution, paths relative to target/dist.
(cd "$dist" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS)
rm -rf "$work"
say "done: $dist ($(wc -l < "$dist/SHA256SUMS") files in SHA256SUMS)"
ls -l "$dist" >&2
