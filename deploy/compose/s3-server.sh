#!/bin/sh
# Starts SeaweedFS as one process (master + volume + filer + S3 gateway) with one S3 identity whose keys come
# from the environment, so that no credentials live in a committed file. Used by docker-compose and by the
# Kubernetes StatefulSet (which mounts this script from a ConfigMap).
set -eu
: "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}"
CONFIG_DIR="${S3_CONFIG_DIR:-/tmp}"
umask 077
cat > "$CONFIG_DIR/s3.json" <<JSON
{
  "identities": [
    {
      "name": "medledger",
      "credentials": [ { "accessKey": "${S3_ACCESS_KEY}", "secretKey": "${S3_SECRET_KEY}" } ],
      "actions": [ "Admin", "Read", "List", "Tagging", "Write" ]
    }
  ]
}
JSON
cd "${S3_DATA_DIR:-/data}"
exec weed server -dir="${S3_DATA_DIR:-/data}" -ip=127.0.0.1 -ip.bind=0.0.0.0 \
  -master.volumeSizeLimitMB="${S3_VOLUME_SIZE_LIMIT_MB:-1024}" -volume.max=0 \
  -s3 -s3.port=8333 -s3.config="$CONFIG_DIR/s3.json"
