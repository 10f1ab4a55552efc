#!/usr/bin/env bash
# Dev-time only: copy the Swagger UI files that the /docs page uses from the npm package
# swagger-ui-dist (Apache-2.0) into the Python package, where they are committed and shipped,
# so the docs page works on an offline host. The server never reaches a CDN.
#   ./scripts/vendor_docs_assets.sh [VERSION]     (default: the version Litestar 2.25 pins)
set -euo pipefail
VERSION=${1:-5.18.2}
cd "$(dirname "$0")/.."
dest=extractor/assets/docs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "swagger-ui-dist@$VERSION" >/dev/null && tar xzf swagger-ui-dist-*.tgz)
mkdir -p "$dest"
for f in swagger-ui-bundle.js swagger-ui-standalone-preset.js swagger-ui.css; do
  # source maps are not shipped: drop the comment that would make a browser ask for them
  sed -E '/^\/[*/]# sourceMappingURL=/d' "$tmp/package/$f" > "$dest/$f"
done
cp "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$tmp/package/favicon-32x32.png" "$dest/"
echo "swagger-ui-dist $VERSION (npm), Apache-2.0" > "$dest/VERSION"
ls -l "$dest"
