#!/usr/bin/env bash
# Copy self-hosted front-end assets (Designsystemet, Inter, htmx) from npm
# packages into static/vendor/. Run by `make run` and `make test`; nothing is
# fetched from a CDN at run time (CSP allows only 'self').
#
# - `npm ci` runs only when node_modules is missing or older than the lock file.
# - Copies only files that changed, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null 2>&1; then
    if [ -f static/vendor/.complete ]; then
        echo "vendor_assets: npm not found, keeping existing static/vendor" >&2
        exit 0
    fi
    echo "vendor_assets: npm (Node.js 18+) is needed to build static/vendor" >&2
    exit 1
fi

stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
    touch "$stamp"
fi

out=static/vendor
ds_css=node_modules/@digdir/designsystemet-css/dist
ds_web=node_modules/@digdir/designsystemet-web/dist
inter=node_modules/@fontsource/inter

mkdir -p "$out/designsystemet" "$out/inter/files" "$out/htmx"

copy() { # copy SRC DEST only when different
    if ! cmp -s "$1" "$2"; then
        cp "$1" "$2"
    fi
}

copy "$ds_css/src/index.css" "$out/designsystemet/designsystemet.css"
copy "$ds_css/theme/designsystemet.css" "$out/designsystemet/theme.css"
copy "$ds_web/umd/index.js" "$out/designsystemet/designsystemet-web.js"
copy node_modules/@digdir/designsystemet-css/LICENSE "$out/designsystemet/LICENSE"
copy node_modules/htmx.org/dist/htmx.min.js "$out/htmx/htmx.min.js"
copy node_modules/htmx.org/LICENSE "$out/htmx/LICENSE"
copy "$inter/LICENSE" "$out/inter/LICENSE"

# Inter: latin + latin-ext (æøå, Sámi letters), the weights Designsystemet uses.
fontcss="$out/inter/inter.css.tmp"
: >"$fontcss"
for weight in 400 500 600 700; do
    for subset in latin-ext latin; do
        cat "$inter/$subset-$weight.css" >>"$fontcss"
        echo >>"$fontcss"
        copy "$inter/files/inter-$subset-$weight-normal.woff2" "$out/inter/files/inter-$subset-$weight-normal.woff2"
        copy "$inter/files/inter-$subset-$weight-normal.woff" "$out/inter/files/inter-$subset-$weight-normal.woff"
    done
done
copy "$fontcss" "$out/inter/inter.css"
rm -f "$fontcss"

touch "$out/.complete"
