#!/bin/sh
# Installs and enables the smart-classroom monitor; it starts once provisioning has delivered its AWS key
# over SSH (the unit's ConditionPathExists). Run once by cloud-init (runcmd, as root) after the
# packages are installed; its output is in /var/log/cloud-init-output.log.
set -eu
user={{user}}
install -d -m 0755 -o root -g root /opt/smart-classroom
install -d -m 0750 -o root -g "$user" /etc/smart-classroom
chown "$user:$user" {{env_file}}
chmod 0600 {{env_file}}
download={{jar_path}}.download
curl --fail --silent --show-error --location --retry 10 --retry-delay 5 --retry-connrefused \
  --output "$download" '{{jar_url}}'
{{jar_check}}
chmod 0644 "$download"
mv "$download" {{jar_path}}
systemctl daemon-reload
systemctl enable --now {{unit_name}}
echo "smart-classroom monitor installed; it starts when its AWS key is delivered"
