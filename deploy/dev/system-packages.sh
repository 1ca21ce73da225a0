#!/usr/bin/env bash
# Debian packages the platform drives for real, installed when missing and we may (root with apt-get);
# otherwise say how.
#   system-packages.sh demo   what `make demo` uses: Chromium, which prints reports to PDF. Without it the
#                             demo still runs, serving reports as HTML, and says how to get PDFs.
#   system-packages.sh test   what the test suite uses as well: PostgreSQL (SQL store tests), Java and
#                             Maven (the Kafka broker), promtool (the alert rules' tests), docker-compose
#                             (checks docker-compose.yml), kcat (an integrator's third-party Kafka client),
#                             openssl (test certificates for Kafka's TLS).
set -euo pipefail
purpose="${1:-test}"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "$purpose" = test ]; then
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v kcat >/dev/null 2>&1 || missing+=(kcat)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif [ "$purpose" = demo ]; then
  echo "the demo serves reports as HTML; for PDFs install Chromium: sudo apt-get install ${missing[*]}" >&2
else
  echo "the test suite needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
