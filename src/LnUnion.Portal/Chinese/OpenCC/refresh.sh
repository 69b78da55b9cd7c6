#!/usr/bin/env bash
# Refreshes the vendored OpenCC dictionaries from the `opencc` npm package, which ships the dictionaries' text
# sources under data/dictionary/. Usage: src/LnUnion.Portal/Chinese/OpenCC/refresh.sh [version]   (default: the latest release)
# Afterwards run the converter's tests: a new dictionary release can change a conversion the tests pin down.
set -euo pipefail

version="${1:-latest}"
target="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The files the portal's two directions need (see README.md there); nothing else is copied.
files=(
  STPhrases.txt STCharacters.txt TWVariantsPhrases.txt TWVariants.txt TWPhrases.txt HKPhrases.txt
  TSPhrases.txt TSCharacters.txt TWVariantsRevPhrases.txt CJK_Compatibility_Ideographs.txt
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# npm pack only downloads the tarball: the native addon the package would fetch or build on install is not wanted.
(cd "$work" && npm pack --silent "opencc@$version" >/dev/null && tar -xzf opencc-*.tgz)
package="$work/package"
resolved="$(node -p "require('$package/package.json').version")"

for file in "${files[@]}"; do
  cp "$package/data/dictionary/$file" "$target/$file"
done
cp "$package/LICENSE" "$target/LICENSE"
sed -i "s/^Version: .*/Version: opencc $resolved (npm), data\/dictionary\//" "$target/README.md"
echo "OpenCC dictionaries refreshed from opencc $resolved"
