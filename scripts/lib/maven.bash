# Maven for the scripts in scripts/ (sourced, not run). Maven 3.8's console prints ESC[0m codes
# even in batch mode, and a failing -q run hides why: these helpers keep Maven's output to a file,
# print nothing on success, and on failure print Maven's own [ERROR] lines, without escape codes.

# maven LABEL ARGS...: runs `mvn -q -B ARGS` offline first (fast, no network), then online when
# something is not in the local repository yet. On failure prints "LABEL failed:" with Maven's
# error lines on stderr and returns Maven's status.
maven() {
  local label=$1 log status
  shift
  log=$(mktemp "${TMPDIR:-/tmp}/vetcd-mvn.XXXXXX")
  if mvn -q -B -o -Dstyle.color=never "$@" >"$log" 2>&1 \
      || mvn -q -B -Dstyle.color=never "$@" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  else
    status=$?
  fi
  echo "$label failed (mvn $*):" >&2
  local plain
  plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
  if grep -q '^\[ERROR\]' <<<"$plain"; then
    # Maven's own error lines, less its advice on -e/-X and its help links.
    grep -E '^\[ERROR\]' <<<"$plain" \
      | grep -vE 'Re-run Maven|full stack trace|^\[ERROR\] *$|^\[ERROR\] \[Help [0-9]+\]|For more information|^\[ERROR\] -> ' \
      | sed 's/ -> \[Help [0-9]*\]$//' | head -20 >&2 || true
  else
    tail -20 <<<"$plain" >&2
  fi
  rm -f "$log"
  return "$status"
}

# pinned_plugin_version ARTIFACT: the version pom.xml pins for a plugin, so that a goal given on
# the command line runs the same version offline and online.
pinned_plugin_version() {
  sed -n "s:.*<artifactId>$1</artifactId><version>\([^<]*\)</version>.*:\1:p" pom.xml | head -1
}

# build_classpath FILE: writes the test-scope classpath (every dependency) to FILE.
build_classpath() {
  local version
  version=$(pinned_plugin_version maven-dependency-plugin)
  [[ -n $version ]] || { echo "pom.xml pins no maven-dependency-plugin version" >&2; return 1; }
  maven "building the classpath" \
    "org.apache.maven.plugins:maven-dependency-plugin:$version:build-classpath" \
    -Dmdep.outputFile="$1" -Dmdep.includeScope=test
}
