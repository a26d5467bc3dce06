#!/bin/sh
# Run through `secret exec`: the decrypted values arrive as environment variables.
#   SOPS_AGE_KEY_FILE=demo.agekey secret exec -- ./show-config.sh
set -eu
echo "app:      $APP_NAME"
echo "database: $db_host (password ${#db_password} characters)"
echo "mail:     $smtp_user"
echo "cache:    $cache_url"
