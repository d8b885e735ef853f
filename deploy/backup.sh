#!/usr/bin/env bash
# Online backup of a MailManager data folder, while the service runs:
#   deploy/backup.sh /var/lib/mailmanager /var/backups/mailmanager/$(date +%F)
# The database is copied first, with SQLite's online backup (a consistent snapshot even while mail is accepted and
# delivered), then the encryption keys, the certificate and the spool. A spool file written after the snapshot has no
# row in it and is removed when a restored copy starts (its sender got the 250 after the snapshot); a file removed
# while copying belonged to a finished message. Restore: stop the service, put the backup's contents in place of the
# data folder (owned by the service user), start it.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 DATA_FOLDER DESTINATION" >&2
  exit 2
fi
data=$1 dest=$2
database=${MAILMANAGER_DATABASE_FILE:-$data/mailmanager.db}
command -v sqlite3 >/dev/null || { echo "backup: sqlite3 is missing (apt-get install -y sqlite3)" >&2; exit 2; }
[ -f "$database" ] || { echo "backup: no database at $database" >&2; exit 1; }
if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
  echo "backup: $dest is not empty" >&2
  exit 1
fi

umask 077
mkdir -p "$dest/spool"
sqlite3 "$database" ".timeout 30000" ".backup '$dest/mailmanager.db'"
[ "$(sqlite3 "$dest/mailmanager.db" 'pragma integrity_check')" = ok ] || { echo "backup: the copied database fails its integrity check" >&2; exit 1; }

for part in keys certs admin-password.txt; do
  [ -e "$data/$part" ] && cp -a "$data/$part" "$dest/"
done
copied=0
while IFS= read -r -d '' file; do
  if cp -p "$file" "$dest/spool/" 2>/dev/null; then
    copied=$((copied + 1))
  elif [ -e "$file" ]; then
    echo "backup: could not copy $file" >&2
    exit 1
  fi
done < <(find "$data/spool" -maxdepth 1 -name '*.eml' -print0 2>/dev/null)

echo "backup: $database and $copied spool file(s) copied to $dest"
