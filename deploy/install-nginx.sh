#!/usr/bin/env bash
# Install Debian's nginx-light without starting its own service (tests and benchmarks run their own nginx).
set -euo pipefail
[[ -x /usr/sbin/nginx ]] && exit 0
apt-get update -qq
created_policy=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light
[[ -z "$created_policy" ]] || rm -f /usr/sbin/policy-rc.d
