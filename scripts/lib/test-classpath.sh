# Sourced by the scripts that run test classes (simulate, bench-raft). Maven runs quietly and
# online, so a fresh ~/.m2 gets the pom's pinned plugins; when it fails, the script stops with
# Maven's first error line, stripped of colour codes, as its one-line reason.

maven() {
  local log
  log=$(mktemp)
  if mvn -B -q -Dstyle.color=never "$@" >"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  local reason
  reason=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -m1 -E '^\[ERROR\] .+' || tail -1 "$log")
  rm -f "$log"
  echo "$(basename "$0"): mvn $* failed: ${reason#\[ERROR\] }" >&2
  exit 1
}

# Prints the classpath of the compiled main and test classes, compiling only when a source changed.
test_classpath() {
  local stamp=target/.test-compiled
  if [[ ! -f $stamp ]] || [[ -n $(find src pom.xml -newer "$stamp" -type f -print -quit) ]]; then
    maven test-compile
    touch "$stamp"
  fi
  if [[ ! -s target/cp.txt || pom.xml -nt target/cp.txt ]]; then
    maven dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
  fi
  echo "target/test-classes:target/classes:$(cat target/cp.txt)"
}
