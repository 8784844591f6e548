#!/usr/bin/env bash
# Runs one fuzz test in fuzzing mode for a given time, with Jazzer's own driver (bounded per input and in memory).
#
#   tools/fuzz/fuzz.sh MODULE CLASS METHOD SECONDS
#   e.g. tools/fuzz/fuzz.sh frontend-onnx dev.mil4j.frontend.onnx.OnnxFuzzTest load 600
#
# Build first (mvn -o install -DskipTests, which compiles the tests). The working corpus starts from the committed
# seeds and grows in MODULE/target/fuzz/CLASS.METHOD/corpus; a crash is written next to it as crash-* (commit it
# under the test's *Inputs/METHOD folder once fixed). Each input gets at most 60 s (-timeout; the first one includes
# instrumenting the classes it loads) and the JVM 1 GiB of heap (-Xmx; an OutOfMemoryError is a finding) within
# 2.5 GiB of memory in all (-rss_limit_mb). A finding does not end the campaign (--keep_going): each distinct one
# (by stack) is written and the run goes on to the end of its time.
set -euo pipefail
if [ $# -ne 4 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
module=$1 class=$2 method=$3 seconds=$4
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$root/$module/target/fuzz/$class.$method
mkdir -p "$work/corpus"
(cd "$root" && mvn -B -q -o dependency:build-classpath -pl "$module" -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null)
package=${class%.*}
seeds=$root/$module/src/test/resources/${package//.//}/${class##*.}Inputs/$method
cp -n "$seeds"/* "$work/corpus/" 2>/dev/null || true
cd "$work"
# generated protobuf classes: instrumenting them takes longer than the first input may, and adds no reader logic
generated='dev.mil4j.spec.proto.**:dev.mil4j.frontend.onnx.proto.**'
exec java -Xmx1g -Dmil4j.testdata="$root/testdata" \
  -cp "$root/$module/target/test-classes:$root/$module/target/classes:$(cat classpath.txt)" \
  com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
  --instrumentation_includes='dev.mil4j.**' --custom_hook_includes='dev.mil4j.**' \
  --instrumentation_excludes="$generated" --custom_hook_excludes="$generated" \
  --keep_going=1000 -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2560 -len_control=0 -max_len=200000 -print_final_stats=1 \
  -artifact_prefix="$work/" corpus
