#!/bin/sh
# Writes the drs realm for Keycloak's --import-realm: deploy/local/keycloak/drs-realm.json with its
# password placeholders (@viewer@, @planner@, @operator@, @recovery@) replaced by the passwords in
# DRS_VIEWER_PASSWORD, DRS_PLANNER_PASSWORD, DRS_OPERATOR_PASSWORD and DRS_RECOVERY_PASSWORD.
# Runs in a busybox container before Keycloak starts (compose.yaml, service keycloak-realm).
# Usage: render-realm.sh SOURCE.json TARGET.json
set -eu
source_file="$1"
target_file="$2"
for user in VIEWER PLANNER OPERATOR RECOVERY; do
  eval "password=\${DRS_${user}_PASSWORD:-}"
  if [ -z "$password" ]; then
    echo "render-realm: DRS_${user}_PASSWORD is empty" >&2
    exit 1
  fi
done
# Literal replacement (no regular expressions), each password escaped for a JSON string.
awk '
  function json(s,   i, c, out) {
    out = ""
    for (i = 1; i <= length(s); i++) {
      c = substr(s, i, 1)
      if (c == "\\" || c == "\"") out = out "\\"
      out = out c
    }
    return out
  }
  function swap(line, from, to,   at, out) {
    out = ""
    while ((at = index(line, from)) > 0) {
      out = out substr(line, 1, at - 1) to
      line = substr(line, at + length(from))
    }
    return out line
  }
  {
    $0 = swap($0, "@viewer@", json(ENVIRON["DRS_VIEWER_PASSWORD"]))
    $0 = swap($0, "@planner@", json(ENVIRON["DRS_PLANNER_PASSWORD"]))
    $0 = swap($0, "@operator@", json(ENVIRON["DRS_OPERATOR_PASSWORD"]))
    $0 = swap($0, "@recovery@", json(ENVIRON["DRS_RECOVERY_PASSWORD"]))
    print
  }' "$source_file" >"$target_file.tmp"
if grep -Eq '@(viewer|planner|operator|recovery)@' "$target_file.tmp"; then
  echo "render-realm: a password placeholder is left in $target_file" >&2
  exit 1
fi
# Keycloak runs as uid 1000 (group 0); nobody else needs to read the passwords.
chown 1000:0 "$target_file.tmp"
chmod 640 "$target_file.tmp"
mv "$target_file.tmp" "$target_file"
echo "render-realm: wrote $target_file"
