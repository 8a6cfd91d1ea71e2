#!/usr/bin/env bash
# Fuzzes the readers that take files from outside, with libFuzzer and AddressSanitizer:
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default 60 s each; targets csv json xml tar gzip)
# Seeds and regression inputs are Tests/ClinicFormatsTests/Fixtures/fuzz/TARGET (the test suite
# reads every one of them too); what libFuzzer learns is kept in .build-fuzz/corpus/TARGET.
# A crash, hang or oversized allocation leaves .build-fuzz/findings/TARGET/* and a non-zero exit:
# fix it, then copy the file into the fixtures folder as a regression input.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv json xml tar gzip)

swift build -c release --scratch-path .build-fuzz --product clinic-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DCLINIC_FUZZ \
    -Xlinker --allow-multiple-definition 2>&1 | grep -v "Cannot export local symbol" || true
binary=.build-fuzz/release/clinic-fuzz
[ -x "$binary" ] || { echo "fuzz build failed" >&2; exit 1; }

status=0
for target in "${targets[@]}"; do
    corpus=.build-fuzz/corpus/$target
    findings=.build-fuzz/findings/$target
    regressions=Tests/ClinicFormatsTests/Fixtures/fuzz/$target
    mkdir -p "$corpus" "$findings"
    echo "== $target: ${seconds}s"
    if ! CLINIC_FUZZ_TARGET=$target "$binary" "$corpus" "$regressions" -max_total_time="$seconds" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1 \
        -artifact_prefix="$findings/" 2>&1 | grep -E "^(==|INFO: -max|stat::|Done|SUMMARY|artifact)|crash-|timeout-|oom-|leak-"; then
        :
    fi
    if ls "$findings"/* >/dev/null 2>&1; then
        echo "!! $target: findings in $findings" >&2
        status=1
    fi
done
exit $status
