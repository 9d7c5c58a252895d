#!/bin/bash
# docker-compose one-shot, DEVELOPMENT ONLY: adds what keycloak/dev/ holds for development to the imported
# production realm: the dev-only public client `medledger-cli` from keycloak/dev/<realm>-realm-dev.json, as a
# partial import (Keycloak cannot import a client from a separate file at start-up). The demo users come in
# through Keycloak's import directory (keycloak/dev/<realm>-users-0.json). Existing resources are skipped, so it
# is idempotent. Never used by the Kubernetes prod overlay.
set -euo pipefail
KCADM=/opt/keycloak/bin/kcadm.sh
CONFIG=/tmp/kcadm.config
"$KCADM" config credentials --config "$CONFIG" --server "${KEYCLOAK_URL:-http://keycloak:8080}" --realm master \
  --user "$KC_BOOTSTRAP_ADMIN_USERNAME" --password "$KC_BOOTSTRAP_ADMIN_PASSWORD"
for file in /seed/*-realm-dev.json; do
  echo "keycloak-dev-seed: partial import of $(basename "$file")"
  "$KCADM" create partialImport --config "$CONFIG" -r medledger -s ifResourceExists=SKIP -o -f "$file" >/dev/null
done
echo "keycloak-dev-seed: done"
