#!/usr/bin/env bash
# Installs the load balancers and tools the tests need from Debian's packages when they are
# missing. Usage: ensure-packages.sh nginx [haproxy] [prometheus] [sshd] [sudo] [nft] [ip] [nginx-lua] [chromium] [emoji]
set -euo pipefail
declare -A package=([nginx-lua]=libnginx-mod-http-lua [chromium]=chromium [emoji]=fonts-noto-color-emoji [nginx]=nginx-light [haproxy]=haproxy [prometheus]=prometheus [sshd]=openssh-server [sudo]=sudo [nft]=nftables [ip]=iproute2)
declare -A binary=([nginx-lua]=/usr/lib/nginx/modules/ngx_http_lua_module.so [chromium]=/usr/bin/chromium [emoji]=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf [nginx]=/usr/sbin/nginx [haproxy]=/usr/sbin/haproxy [prometheus]=/usr/bin/prometheus [sshd]=/usr/sbin/sshd [sudo]=/usr/bin/sudo [nft]=/usr/sbin/nft [ip]=/usr/sbin/ip)
missing=()
for tool in "$@"; do
  if ! command -v "$tool" > /dev/null && [ ! -e "${binary[$tool]}" ]; then missing+=("${package[$tool]}"); fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
  echo "Missing: ${missing[*]}. Install them first, e.g.: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]} with apt-get (about 20-40 s) ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
