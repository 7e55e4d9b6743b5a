#!/usr/bin/env bash
# Installs Debian's Java runtime for the Spark tests (PySpark starts a JVM; pyspark itself comes with the `spark`
# extra). Without root or apt, and no java, the Spark tests skip and say why.
set -u
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-java: no java, and not root with apt-get; Spark tests will be skipped (apt-get install openjdk-17-jre-headless)" >&2
  exit 0
fi
echo "install-java: installing Debian's openjdk-17-jre-headless (once)" >&2
export DEBIAN_FRONTEND=noninteractive
mkdir -p /usr/share/man/man1  # the JRE's post-install step expects it on slim images
(apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null) \
  || echo "install-java: apt-get failed; Spark tests will be skipped" >&2
exit 0
