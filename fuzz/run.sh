#!/usr/bin/env bash
# Runs fuzz targets one after another, on one core, niced: `./run.sh [SECONDS] [TARGET…]`
# (default: 600 seconds each, every target). Logs go to $FUZZ_LOGS (default /tmp/fuzz-logs);
# the last lines of each log give the run's exec count, exec/s and coverage for README.md.
# After each run the target's corpus is minimised (`cargo fuzz cmin`).
set -u
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
logs=${FUZZ_LOGS:-/tmp/fuzz-logs}
mkdir -p "$logs"
for target in "${targets[@]}"; do
    echo "== $target: ${seconds}s from $(date -u +%FT%TZ)"
    nice -n 10 cargo +nightly fuzz run -s none "$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        >"$logs/$target.log" 2>&1
    echo "   exit $? at $(date -u +%FT%TZ)"
    grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$logs/$target.log"
    grep -E '^#[0-9]+' "$logs/$target.log" | tail -1
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$logs/$target.log" | head -5
    # Keep the corpus small: only inputs that add coverage.
    nice -n 10 cargo +nightly fuzz cmin -s none "$target" >"$logs/$target.cmin.log" 2>&1
    echo "   corpus after cmin: $(ls "corpus/$target" | wc -l) files, $(du -sh "corpus/$target" | cut -f1)"
done
