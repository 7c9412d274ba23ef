# Sourced by the scripts that run test classes (simulate, bench-raft, bench): Maven through
# maven.bash (offline then online, Maven's own error lines on failure, the pinned plugin version).
source scripts/lib/maven.bash

# Prints the classpath of the compiled main and test classes, compiling only when a source changed;
# on a Maven failure the calling script stops with Maven's reason.
test_classpath() {
  local stamp=target/.test-compiled
  if [[ ! -f $stamp ]] || [[ -n $(find src pom.xml -newer "$stamp" -type f -print -quit) ]]; then
    maven "compiling the test classes" test-compile || exit 1
    touch "$stamp"
  fi
  if [[ ! -s target/cp.txt || pom.xml -nt target/cp.txt ]]; then
    build_classpath target/cp.txt || exit 1
  fi
  echo "target/test-classes:target/classes:$(cat target/cp.txt)"
}
