#!/bin/sh
# Installs OpenSSH's server for the exchange tests, which start their own
# sshd on 127.0.0.1. Safe to run again: it does nothing when sshd exists.
set -eu

if [ ! -x /usr/sbin/sshd ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends openssh-server >/dev/null
fi

# sshd refuses to start without its privilege separation folder, which
# systemd would normally create at boot.
mkdir -p /run/sshd
chmod 0755 /run/sshd
