#!/usr/bin/env bash
# Install dependencies, then build and run every test, the way CI does (.ci/run calls this).
#
#   bash scripts/test.sh              all three phases
#   bash scripts/test.sh gcc asan     only the phases named (gcc, clang, asan)
#
# Phases, each in its own build directory:
#   gcc    gcc, RelWithDebInfo, -Werror, in build/        whole ctest suite
#   clang  clang, RelWithDebInfo, -Werror, in build-clang/  build + unit tests
#   asan   gcc with ASan+UBSan, -Werror, in build-asan/    whole ctest suite
# Every phase runs even if an earlier one failed; the summary at the end says which failed and
# the exit status is non-zero if any did. JOBS (default 2) sets make and ctest parallelism.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
JOBS=${JOBS:-2}

PHASES=("$@")
((${#PHASES[@]})) || PHASES=(gcc clang asan)
for p in "${PHASES[@]}"; do
    case $p in gcc|clang|asan) ;; *) echo "test.sh: unknown phase '$p' (gcc, clang, asan)" >&2; exit 2 ;; esac
done

t_start=$SECONDS
if ! bash scripts/setup-deps.sh; then
    echo "test.sh: installing dependencies failed" >&2
    exit 1
fi
t_deps=$((SECONDS - t_start))

declare -A RESULT TIME
total_pass=0 total_fail=0

# ctest_counts LOG: add the "N% tests passed, F tests failed out of T" numbers to the totals.
ctest_counts() {
    local line t f
    line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -n1)
    [[ -n $line ]] || return 0
    f=$(sed -E 's/.*, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    t=$(sed -E 's/.*failed out of ([0-9]+).*/\1/' <<<"$line")
    total_pass=$((total_pass + t - f))
    total_fail=$((total_fail + f))
}

# phase NAME BUILD_DIR CC CTEST_ARGS... -- CMAKE_ARGS...
phase() {
    local name=$1 dir=$2 cc=$3
    shift 3
    local ctest_args=()
    while (($#)) && [[ $1 != -- ]]; do ctest_args+=("$1"); shift; done
    shift
    local t0=$SECONDS log="$ROOT/$dir/test-$name.log"
    echo
    echo "=== phase $name: CC=$cc, $dir/, ctest ${ctest_args[*]:-(all)} ==="
    mkdir -p "$dir"
    if ! (cd "$dir" && CC=$cc cmake "$ROOT" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DA64EMU_WERROR=ON "$@" >cmake.log 2>&1); then
        cat "$dir/cmake.log" >&2
        RESULT[$name]="FAILED (cmake)"
    elif ! cmake --build "$dir" -j "$JOBS"; then
        RESULT[$name]="FAILED (build)"
    elif ! (cd "$dir" && ctest --output-on-failure -j "$JOBS" "${ctest_args[@]}" 2>&1 | tee "$log"); then
        ctest_counts "$log"
        RESULT[$name]="FAILED (tests)"
    elif ! grep -qE '[0-9]+ tests? failed out of [1-9]' "$log"; then
        RESULT[$name]="FAILED (no test ran)"
    else
        ctest_counts "$log"
        RESULT[$name]="ok"
    fi
    TIME[$name]=$((SECONDS - t0))
}

export CTEST_OUTPUT_ON_FAILURE=1
for p in "${PHASES[@]}"; do
    case $p in
    gcc) phase gcc build gcc -- ;;
    clang) phase clang build-clang clang -L unit -- ;;
    asan)
        # Sanitizer findings abort (exit by signal), so script tests see them as crashes.
        ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1 \
        UBSAN_OPTIONS=print_stacktrace=1:abort_on_error=1:halt_on_error=1 \
            phase asan build-asan gcc -- -DA64EMU_SANITIZE=ON
        ;;
    esac
done

echo
echo "=== summary ==="
printf '  %-6s %4ss  %s\n' deps "$t_deps" ok
failed=0
for p in "${PHASES[@]}"; do
    printf '  %-6s %4ss  %s\n' "$p" "${TIME[$p]}" "${RESULT[$p]}"
    [[ ${RESULT[$p]} == ok ]] || failed=1
done
echo "  total  $((SECONDS - t_start))s"
echo "summary: $total_pass passed, $total_fail failed"
if ((failed)); then
    echo "test.sh: FAILED" >&2
    exit 1
fi
echo "test.sh: all phases passed"
