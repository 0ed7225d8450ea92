#!/usr/bin/env bash
# Turns target/keyceremony/ (what `mvn package` assembles) into the distribution for the
# air-gapped laptop, under target/dist/:
#   keyceremony/                 jpackage app image: bin/keyceremony, bin/ceremony, lib/app (jars,
#                                ceremony-scripts), lib/runtime (jlinked JDK 17 + JavaFX, no JDK needed)
#   keyceremony_<ver>-1_amd64.deb   the same image as a Debian package (installs to /opt/keyceremony,
#                                with /usr/bin/ceremony, the menu entry, its icon and the man page)
#   SHA256SUMS                   sha256sum of every file above (check with `sha256sum -c SHA256SUMS`)
# Run by `mvn verify` (pre-integration-test) and so by packaging/build-dist.sh; on its own after `mvn package`.
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
  # 4b. What jpackage cannot put into the package, because it lies outside /opt/keyceremony:
  # 'ceremony' on the PATH (every command the program and the documentation print starts with
  # it), the menu entry and its icon where every desktop looks (dpkg's triggers then update the
  # menu and icon caches; no xdg-desktop-menu needed), and the man page. The package is unpacked
  # with its control files, completed and packed again the same reproducible way.
  deb_file=$(find "$dist" -maxdepth 1 -name '*.deb' -print -quit)
  [ -n "$deb_file" ] || die "jpackage made no .deb in $dist"
  tree="$work/deb"
  dpkg-deb --raw-extract "$deb_file" "$tree"
  # jpackage's own menu entries (one per launcher, in /opt) and the maintainer scripts that
  # register them with xdg-desktop-menu give way to the one entry in /usr/share/applications.
  rm -f "$tree"/opt/keyceremony/lib/keyceremony-*.desktop "$tree/DEBIAN/postinst" "$tree/DEBIAN/prerm"
  install -D -m 0644 packaging/linux/keyceremony.desktop "$tree/usr/share/applications/keyceremony.desktop"
  install -D -m 0644 packaging/icon/keyceremony.png "$tree/usr/share/icons/hicolor/128x128/apps/keyceremony.png"
  install -D -m 0644 packaging/icon/keyceremony.svg "$tree/usr/share/icons/hicolor/scalable/apps/keyceremony.svg"
  mkdir -p "$tree/usr/share/man/man1" "$tree/usr/bin"
  gzip -9 -n -c packaging/linux/ceremony.1 > "$tree/usr/share/man/man1/ceremony.1.gz"
  chmod 0644 "$tree/usr/share/man/man1/ceremony.1.gz"
  ln -s ../../opt/keyceremony/bin/ceremony "$tree/usr/bin/ceremony"
  [ -x "$tree/opt/keyceremony/bin/ceremony" ] || die "the .deb has no opt/keyceremony/bin/ceremony for /usr/bin/ceremony to point at"
  find "$tree" -type d -exec chmod 0755 {} +
  installed_kib=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
  sed -i "s/^Installed-Size: .*/Installed-Size: $installed_kib/" "$tree/DEBIAN/control"
  if [ -f "$tree/DEBIAN/md5sums" ]; then
    (cd "$tree" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' md5sum > DEBIAN/md5sums)
  fi
  find "$tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  rm -f "$deb_file"
  dpkg-deb --root-owner-group -Zgzip --build "$tree" "$deb_file" >/dev/null
fi

# 5. SHA256SUMS over every file of the distribution, paths relative to target/dist.
(cd "$dist" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum > SHA256SUMS)
rm -rf "$work"
say "done: $dist ($(wc -l < "$dist/SHA256SUMS") files in SHA256SUMS)"
ls -l "$dist" >&2
