#!/usr/bin/env bash
# Packs what device-check.sh needs into .device/ (ignored by git): a trimmed JRE and the runtime jars of cells-gpu
# (../shared/device/pack-jvm.sh), plus under .device/test the test jars, their test-scope dependencies and JUnit's
# console launcher. Run from anywhere after `mvn -B -DskipTests install`.
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
# JUnit's class-path scan opens the test jar as a zip file system: the runtime needs jdk.zipfs, which pack-jvm.sh's
# module list lacks. Link it here first (pack-jvm.sh keeps an existing .device/jre).
if ! .device/jre/bin/java --list-modules 2>/dev/null | grep -q '^jdk.zipfs'; then
  rm -rf .device/jre
  jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.xml,jdk.incubator.vector,jdk.zipfs \
        --strip-debug --no-header-files --no-man-pages --compress=2 --output .device/jre
fi
bash ../shared/device/pack-jvm.sh cells-gpu
rm -rf .device/test && mkdir -p .device/test
(cd cells-gpu && mvn -q -B dependency:copy-dependencies -DincludeScope=test -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
    -DoutputDirectory="$root/.device/test")
# Runtime jars are already in .device/lib; keep only what the tests add.
for j in .device/lib/*.jar; do rm -f ".device/test/$(basename "$j")"; done
find .device/test \( -name '*windows*' -o -name '*apple*' -o -name '*macosx*' -o -name '*aarch64*' -o -name '*ppc64le*' \) -delete
cp cells-gpu/target/cells-gpu-*-tests.jar .device/test/
mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 -DoutputDirectory="$root/.device/test"
du -sm .device/test | sed 's/^/MB /'
du -sm .device | sed 's/^/MB total /'
ls .device/lib .device/test
