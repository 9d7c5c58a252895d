#!/bin/sh
# docker-compose one-shot: creates the two report buckets on the S3 server, idempotently.
set -eu
: "${AWS_ACCESS_KEY_ID:?}" "${AWS_SECRET_ACCESS_KEY:?}"
ENDPOINT="${S3_ENDPOINT:-http://s3:8333}"
for bucket in "${S3_BUCKET_A:-reports-a}" "${S3_BUCKET_B:-reports-b}"; do
  if aws --endpoint-url "$ENDPOINT" s3api head-bucket --bucket "$bucket" 2>/dev/null; then
    echo "bucket $bucket exists"
  else
    aws --endpoint-url "$ENDPOINT" s3api create-bucket --bucket "$bucket"
    echo "bucket $bucket created"
  fi
done
