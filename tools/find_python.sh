#!/bin/sh
# Prints the path of a working Python interpreter of the given version (e.g. 3.10), or nothing.
# pyenv's shims answer `command -v python3.10` even when that version is not the selected one,
# so every candidate is run before it is trusted.
want="$1"
for candidate in \
    "$(pyenv prefix "$want" 2>/dev/null | head -n1)/bin/python$want" \
    $(ls -d "$HOME"/.pyenv/versions/"$want".*/bin/python"$want" 2>/dev/null | sort -V -r) \
    "/usr/bin/python$want" "/usr/local/bin/python$want" "$(command -v "python$want" 2>/dev/null)"; do
  if [ -x "$candidate" ] && "$candidate" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
