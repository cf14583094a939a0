# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_thumbctl_global_optspecs
    string join \n v/verbose q/quiet no-progress log-format= traces statsd= no-metrics tag= metrics-prefix= timing-type= pushgateway= prom-textfile= h/help V/version
end

function __fish_thumbctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_thumbctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_thumbctl_using_subcommand
    set -l cmd (__fish_thumbctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c thumbctl -n "__fish_thumbctl_needs_command" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "resize" -d 'Turn files and directory trees of images into thumbnails, in parallel'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "load" -d 'Replay scenario traffic against a running web service'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "generate-docs" -d 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s o -l out -d 'Folder the thumbnails are written under; the input tree is mirrored inside it' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l sizes -d 'Which sizes to make, by name, comma separated [default: every defined size]' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l size -d 'Define or redefine a size as NAME=WIDTHxHEIGHT (repeatable). Built in: small=150x150, medium=400x400, large=800x800' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l fit -d 'How an image meets its box: `contain` fits inside it, `cover` fills it and crops the centre' -r -f -a "contain\t'Fit inside the box; the thumbnail may be smaller than the box on one side'
cover\t'Fill the box exactly, cropping the centre of the image'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l format -d 'Output format. `auto` writes PNG for sources whose pixels use their alpha channel (some pixel not fully opaque), JPEG for the others' -r -f -a "auto\t'PNG when some pixel is not fully opaque, JPEG otherwise'
jpeg\t''
png\t''
webp\t'Lossy WebP at --quality (lossless with --lossless); alpha is kept'
avif\t'AVIF (AV1 still image) at --quality; alpha is kept. Slower to write than the others'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l quality -d 'Quality of lossy formats, 1-100 [default: 85 for JPEG, 80 for WebP, 55 for AVIF]' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l effort -d 'Encoder effort, higher is slower and usually smaller files. WebP: 0-6, libwebp\'s `method` (sharp\'s `webp({effort})`, cwebp\'s `-m`) [default: 2 for lossy WebP, half the encode time of 4 for about 3% more bytes; 4 with --lossless]. AVIF: 0-9 as sharp\'s `avif({effort})`, rav1e speed 10 minus the effort [default: 1, rav1e speed 9]. Only with `--format webp` or `--format avif`' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l colorspace -d 'What happens to sources in another RGB colour space than sRGB (Display P3 from phones, Adobe RGB from cameras): `srgb` converts their pixels to sRGB (written without a profile, which every browser and viewer reads as sRGB); `keep` keeps their pixels and profile. CMYK is always converted to sRGB, gray stays gray' -r -f -a "srgb\t'Convert to sRGB through the embedded profile (no profile written: sRGB)'
keep\t'Keep the source\'s RGB colour space and its profile'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l cmyk-profile -d 'ICC profile for CMYK and YCCK JPEGs that carry none (an embedded profile is always used first). Without this flag they are read with the built-in SWOP profile, made from the CGATS TR 001 data to look like Photoshop\'s default "U.S. Web Coated (SWOP) v2"; give, for example, a FOGRA39 profile for files separated for European presses' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l metadata -d 'What metadata the thumbnails carry beside the pixels: `icc` the colour profile; `copyright` that and EXIF Artist and Copyright; `exif` that and all EXIF except orientation, GPS, maker notes and the embedded thumbnail; `none` nothing at all (the smallest files). EXIF goes into JPEG, PNG and WebP thumbnails (not AVIF)' -r -f -a "icc\t'The ICC profile only'
copyright\t'The ICC profile, EXIF Artist and Copyright'
exif\t'The ICC profile, EXIF without orientation, GPS, maker notes, thumbnail'
none\t'Nothing, not even the ICC profile'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l name -d 'Output path template, relative to --out. Placeholders: {dir} (the source\'s folder relative to its input), {stem}, {source_ext}, {size}, {ext}' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l ext -d 'File extensions picked up when walking directories, comma separated, case-insensitive. Files named on the command line are always taken' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l max-pixels -d 'Reject images larger than this many pixels, from their header, before decoding. Accepts a plain number or a K/M/G suffix (decimal)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l shard -d 'Process only shard K of N (1-based): the sources whose path relative to their input hashes to K. N machines running K=1..N together cover every source exactly once' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s j -l jobs -d 'Number of images processed in parallel [default: number of CPU cores]' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l enlarge -d 'Scale images up when they are smaller than the box (by default they are never enlarged)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l lossless -d 'Write lossless WebP (for graphics and screenshots) instead of lossy. Only with `--format webp`'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s L -l follow-links -d 'Follow symbolic links while walking (loops are detected and reported)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s f -l force -d 'Redo sources whose thumbnails already exist and are up to date'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s n -l dry-run -d 'List what would be written, write nothing'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l json -d 'Write one JSON object per source and a closing summary object to stdout (NDJSON)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l fail-fast -d 'Stop at the first source that fails (sources already running finish)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "quick" -d '50 requests over every read endpoint and user creation, a few at a time; done in seconds'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "sustained" -d 'A weighted mix of all endpoints at a steady rate (default: 10/s for 5m)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "errors" -d 'Traffic meant to fail (500s, 404s, malformed bodies, timeouts), all counted as expected'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "purchase" -d 'Purchases with random, realistic payloads (default: 20, one a second)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "spike" -d 'Calm at 10/s, a spike to 100/s for half a minute, calm again (2m40s, stages): for watching a dashboard react'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "full" -d 'quick, errors, purchase, then a short sustained phase; one report per phase and a total'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "upload" -d 'Post every image of a directory as a multipart file field (with headers and form fields if asked), and report each upload'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "url" -d 'Load one URL, for throughput tests (like oha or hey)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "run" -d 'Run a scenario file (the format of `load show quick`)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "show" -d 'Print a built-in scenario, to copy and edit'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and not __fish_seen_subcommand_from quick sustained errors purchase spike full upload url run show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l duration -d 'Run each phase for this long ("30s", "5m") instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -s n -l count -d 'Send this many requests per phase instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l rate -d 'Requests per second (open model), or `max` for a closed loop as fast as answers come' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -s c -l concurrency -d 'Requests in flight at most (open model), or number of loops (closed model)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l stage -d 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage\'s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from quick" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l duration -d 'Run each phase for this long ("30s", "5m") instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -s n -l count -d 'Send this many requests per phase instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l rate -d 'Requests per second (open model), or `max` for a closed loop as fast as answers come' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -s c -l concurrency -d 'Requests in flight at most (open model), or number of loops (closed model)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l stage -d 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage\'s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from sustained" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l duration -d 'Run each phase for this long ("30s", "5m") instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -s n -l count -d 'Send this many requests per phase instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l rate -d 'Requests per second (open model), or `max` for a closed loop as fast as answers come' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -s c -l concurrency -d 'Requests in flight at most (open model), or number of loops (closed model)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l stage -d 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage\'s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from errors" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -s n -l count -d 'Number of purchases' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l interval -d 'Time between purchases ("1s", "100ms"); `0` sends them back to back, at most -c at a time' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -s c -l concurrency -d 'Purchases in flight at most' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from purchase" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l duration -d 'Run each phase for this long ("30s", "5m") instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -s n -l count -d 'Send this many requests per phase instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l rate -d 'Requests per second (open model), or `max` for a closed loop as fast as answers come' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -s c -l concurrency -d 'Requests in flight at most (open model), or number of loops (closed model)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l stage -d 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage\'s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from spike" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l duration -d 'Length of the final sustained phase (default 60s)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l rate -d 'Rate of the final sustained phase' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l stage -d 'Stages of the final sustained phase, DURATION:RATE (see `load sustained --stage`); replace its --rate and --duration' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -s n -l count -d 'Number of purchases in the purchase phase' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l interval -d 'Time between purchases in the purchase phase; `0` sends them back to back' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from full" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l path -d 'Endpoint path the files are posted to' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -s c -l concurrency -d 'Uploads in flight at most' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -s H -l header -d 'A request header (repeatable), such as "Authorization: Bearer <token>". Header values never appear in logs, reports, metrics or error messages' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -s F -l field -d 'A form field sent with each file (repeatable), such as bucket=test' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l file-field -d 'Name of the multipart field that carries the file' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l rate -d 'Uploads started per second (at most -c in flight); without it, as fast as they answer' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l repeat -d 'Upload the directory\'s images this many times over (to seed more uploads than files)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from upload" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s c -l concurrency -d 'Connections/loops without --rate (default 50); in-flight cap with --rate' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s z -l duration -d 'Run this long ("10s")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s n -l count -d 'Send this many requests (default 200 without --duration)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l rate -d 'Requests per second (open model); `max` or none runs closed-loop as fast as possible' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s m -l method -d 'HTTP method' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s H -l header -d 'A request header (repeatable)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s d -l body -d 'Request body, sent as written' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l stage -d 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage\'s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from url" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l scenario -d 'The scenario file (JSON)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l duration -d 'Run each phase for this long ("30s", "5m") instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -s n -l count -d 'Send this many requests per phase instead of its own length' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l rate -d 'Requests per second (open model), or `max` for a closed loop as fast as answers come' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -s c -l concurrency -d 'Requests in flight at most (open model), or number of loops (closed model)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l stage -d 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage\'s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l target -d 'Base URL of the service under test; scenario paths are appended to it' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l timeout -d 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l seed -d 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l output-format -d 'Report format on stdout' -r -f -a "text\t''
json\t''"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l threads -d 'Driver threads sending requests (like wrk\'s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l max-error-rate -d 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l max-p50 -d 'Fail when the corrected median latency exceeds this ("200ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l max-p90 -d 'Fail when the corrected p90 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l max-p95 -d 'Fail when the corrected p95 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l max-p99 -d 'Fail when the corrected p99 latency exceeds this ("500ms")' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l max-p999 -d 'Fail when the corrected p99.9 latency exceeds this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l min-rps -d 'Fail when the run answers fewer requests per second than this' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l insecure -d 'Accept invalid TLS certificates (self-signed test targets)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "quick" -d '50 requests over every read endpoint and user creation, a few at a time; done in seconds'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "sustained" -d 'A weighted mix of all endpoints at a steady rate (default: 10/s for 5m)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "errors" -d 'Traffic meant to fail (500s, 404s, malformed bodies, timeouts), all counted as expected'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "purchase" -d 'Purchases with random, realistic payloads (default: 20, one a second)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "spike" -d 'Calm at 10/s, a spike to 100/s for half a minute, calm again (2m40s, stages): for watching a dashboard react'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "full" -d 'quick, errors, purchase, then a short sustained phase; one report per phase and a total'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "upload" -d 'Post every image of a directory as a multipart file field (with headers and form fields if asked), and report each upload'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "url" -d 'Load one URL, for throughput tests (like oha or hey)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a scenario file (the format of `load show quick`)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a built-in scenario, to copy and edit'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l pushgateway -d 'Push the run\'s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l prom-textfile -d 'Write the run\'s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter\'s textfile collector (name it *.prom)' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l traces -d 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "resize" -d 'Turn files and directory trees of images into thumbnails, in parallel'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "load" -d 'Replay scenario traffic against a running web service'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "generate-docs" -d 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "quick" -d '50 requests over every read endpoint and user creation, a few at a time; done in seconds'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "sustained" -d 'A weighted mix of all endpoints at a steady rate (default: 10/s for 5m)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "errors" -d 'Traffic meant to fail (500s, 404s, malformed bodies, timeouts), all counted as expected'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "purchase" -d 'Purchases with random, realistic payloads (default: 20, one a second)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "spike" -d 'Calm at 10/s, a spike to 100/s for half a minute, calm again (2m40s, stages): for watching a dashboard react'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "full" -d 'quick, errors, purchase, then a short sustained phase; one report per phase and a total'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "upload" -d 'Post every image of a directory as a multipart file field (with headers and form fields if asked), and report each upload'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "url" -d 'Load one URL, for throughput tests (like oha or hey)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "run" -d 'Run a scenario file (the format of `load show quick`)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and __fish_seen_subcommand_from load" -f -a "show" -d 'Print a built-in scenario, to copy and edit'
