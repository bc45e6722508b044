# Sourced by the benchmarks. start_fake_provider OUT_FILE COMMAND...: starts the fake provider
# (COMMAND and its arguments) in the background with its output in OUT_FILE, waits for the port
# it prints, and sets $fakepid and $port.
start_fake_provider() {
    out=$1
    shift
    "$@" >"$out" &
    fakepid=$!
    port=
    for _ in $(seq 1 100); do
        port=$(head -n 1 "$out" 2>/dev/null | tr -dc '0-9')
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "the fake provider did not start" >&2; exit 1; }
}
