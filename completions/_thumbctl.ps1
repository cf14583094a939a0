
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'thumbctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'thumbctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'thumbctl' {
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('resize', 'resize', [CompletionResultType]::ParameterValue, 'Turn files and directory trees of images into thumbnails, in parallel')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Replay scenario traffic against a running web service')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'thumbctl;resize' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Folder the thumbnails are written under; the input tree is mirrored inside it')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder the thumbnails are written under; the input tree is mirrored inside it')
            [CompletionResult]::new('--sizes', '--sizes', [CompletionResultType]::ParameterName, 'Which sizes to make, by name, comma separated [default: every defined size]')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Define or redefine a size as NAME=WIDTHxHEIGHT (repeatable). Built in: small=150x150, medium=400x400, large=800x800')
            [CompletionResult]::new('--fit', '--fit', [CompletionResultType]::ParameterName, 'How an image meets its box: `contain` fits inside it, `cover` fills it and crops the centre')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format. `auto` writes PNG for sources whose pixels use their alpha channel (some pixel not fully opaque), JPEG for the others')
            [CompletionResult]::new('--quality', '--quality', [CompletionResultType]::ParameterName, 'Quality of lossy formats, 1-100 [default: 85 for JPEG, 80 for WebP, 55 for AVIF]')
            [CompletionResult]::new('--effort', '--effort', [CompletionResultType]::ParameterName, 'Encoder effort, higher is slower and usually smaller files. WebP: 0-6, libwebp''s `method` (sharp''s `webp({effort})`, cwebp''s `-m`) [default: 2 for lossy WebP, half the encode time of 4 for about 3% more bytes; 4 with --lossless]. AVIF: 0-9 as sharp''s `avif({effort})`, rav1e speed 10 minus the effort [default: 1, rav1e speed 9]. Only with `--format webp` or `--format avif`')
            [CompletionResult]::new('--colorspace', '--colorspace', [CompletionResultType]::ParameterName, 'What happens to sources in another RGB colour space than sRGB (Display P3 from phones, Adobe RGB from cameras): `srgb` converts their pixels to sRGB (written without a profile, which every browser and viewer reads as sRGB); `keep` keeps their pixels and profile. CMYK is always converted to sRGB, gray stays gray')
            [CompletionResult]::new('--cmyk-profile', '--cmyk-profile', [CompletionResultType]::ParameterName, 'ICC profile for CMYK and YCCK JPEGs that carry none (an embedded profile is always used first). Without this flag they are read with the built-in SWOP profile, made from the CGATS TR 001 data to look like Photoshop''s default "U.S. Web Coated (SWOP) v2"; give, for example, a FOGRA39 profile for files separated for European presses')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'What metadata the thumbnails carry beside the pixels: `icc` the colour profile; `copyright` that and EXIF Artist and Copyright; `exif` that and all EXIF except orientation, GPS, maker notes and the embedded thumbnail; `none` nothing at all (the smallest files). EXIF goes into JPEG, PNG and WebP thumbnails (not AVIF)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Output path template, relative to --out. Placeholders: {dir} (the source''s folder relative to its input), {stem}, {source_ext}, {size}, {ext}')
            [CompletionResult]::new('--ext', '--ext', [CompletionResultType]::ParameterName, 'File extensions picked up when walking directories, comma separated, case-insensitive. Files named on the command line are always taken')
            [CompletionResult]::new('--max-pixels', '--max-pixels', [CompletionResultType]::ParameterName, 'Reject images larger than this many pixels, from their header, before decoding. Accepts a plain number or a K/M/G suffix (decimal)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Process only shard K of N (1-based): the sources whose path relative to their input hashes to K. N machines running K=1..N together cover every source exactly once')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of images processed in parallel [default: number of CPU cores]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Number of images processed in parallel [default: number of CPU cores]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--enlarge', '--enlarge', [CompletionResultType]::ParameterName, 'Scale images up when they are smaller than the box (by default they are never enlarged)')
            [CompletionResult]::new('--lossless', '--lossless', [CompletionResultType]::ParameterName, 'Write lossless WebP (for graphics and screenshots) instead of lossy. Only with `--format webp`')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow symbolic links while walking (loops are detected and reported)')
            [CompletionResult]::new('--follow-links', '--follow-links', [CompletionResultType]::ParameterName, 'Follow symbolic links while walking (loops are detected and reported)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Redo sources whose thumbnails already exist and are up to date')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Redo sources whose thumbnails already exist and are up to date')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'List what would be written, write nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List what would be written, write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Write one JSON object per source and a closing summary object to stdout (NDJSON)')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first source that fails (sources already running finish)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('quick', 'quick', [CompletionResultType]::ParameterValue, '50 requests over every read endpoint and user creation, a few at a time; done in seconds')
            [CompletionResult]::new('sustained', 'sustained', [CompletionResultType]::ParameterValue, 'A weighted mix of all endpoints at a steady rate (default: 10/s for 5m)')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Traffic meant to fail (500s, 404s, malformed bodies, timeouts), all counted as expected')
            [CompletionResult]::new('purchase', 'purchase', [CompletionResultType]::ParameterValue, 'Purchases with random, realistic payloads (default: 20, one a second)')
            [CompletionResult]::new('spike', 'spike', [CompletionResultType]::ParameterValue, 'Calm at 10/s, a spike to 100/s for half a minute, calm again (2m40s, stages): for watching a dashboard react')
            [CompletionResult]::new('full', 'full', [CompletionResultType]::ParameterValue, 'quick, errors, purchase, then a short sustained phase; one report per phase and a total')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Post every image of a directory as a multipart file field (with headers and form fields if asked), and report each upload')
            [CompletionResult]::new('url', 'url', [CompletionResultType]::ParameterValue, 'Load one URL, for throughput tests (like oha or hey)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a scenario file (the format of `load show quick`)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a built-in scenario, to copy and edit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'thumbctl;load;quick' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Run each phase for this long ("30s", "5m") instead of its own length')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second (open model), or `max` for a closed loop as fast as answers come')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage''s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;sustained' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Run each phase for this long ("30s", "5m") instead of its own length')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second (open model), or `max` for a closed loop as fast as answers come')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage''s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;errors' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Run each phase for this long ("30s", "5m") instead of its own length')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second (open model), or `max` for a closed loop as fast as answers come')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage''s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;purchase' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Number of purchases')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Number of purchases')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between purchases ("1s", "100ms"); `0` sends them back to back, at most -c at a time')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Purchases in flight at most')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Purchases in flight at most')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;spike' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Run each phase for this long ("30s", "5m") instead of its own length')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second (open model), or `max` for a closed loop as fast as answers come')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage''s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;full' {
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Length of the final sustained phase (default 60s)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Rate of the final sustained phase')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stages of the final sustained phase, DURATION:RATE (see `load sustained --stage`); replace its --rate and --duration')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Number of purchases in the purchase phase')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Number of purchases in the purchase phase')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Time between purchases in the purchase phase; `0` sends them back to back')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;upload' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Endpoint path the files are posted to')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Uploads in flight at most')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Uploads in flight at most')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header (repeatable), such as "Authorization: Bearer <token>". Header values never appear in logs, reports, metrics or error messages')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header (repeatable), such as "Authorization: Bearer <token>". Header values never appear in logs, reports, metrics or error messages')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'A form field sent with each file (repeatable), such as bucket=test')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A form field sent with each file (repeatable), such as bucket=test')
            [CompletionResult]::new('--file-field', '--file-field', [CompletionResultType]::ParameterName, 'Name of the multipart field that carries the file')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Uploads started per second (at most -c in flight); without it, as fast as they answer')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Upload the directory''s images this many times over (to seed more uploads than files)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;url' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Connections/loops without --rate (default 50); in-flight cap with --rate')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Connections/loops without --rate (default 50); in-flight cap with --rate')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Run this long ("10s")')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Run this long ("10s")')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send this many requests (default 200 without --duration)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send this many requests (default 200 without --duration)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second (open model); `max` or none runs closed-loop as fast as possible')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header (repeatable)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request body, sent as written')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Request body, sent as written')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage''s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;run' {
            [CompletionResult]::new('--scenario', '--scenario', [CompletionResultType]::ParameterName, 'The scenario file (JSON)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Run each phase for this long ("30s", "5m") instead of its own length')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Send this many requests per phase instead of its own length')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second (open model), or `max` for a closed loop as fast as answers come')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most (open model), or number of loops (closed model)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'A stage of a ramp, DURATION:RATE (k6-style): over DURATION the rate moves linearly from the previous stage''s rate (0 before the first) to RATE. Repeatable or comma separated (`--stage 30s:50,2m:50,30s:0`); replaces --rate and --duration')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;show' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test; scenario paths are appended to it')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each request, from connecting to the end of the body ("10s", "500ms")')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Makes every random choice (steps, bodies, paths) reproducible: the same seed sends the same requests. Without it a seed is drawn and printed in the report')
            [CompletionResult]::new('--output-format', '--output-format', [CompletionResultType]::ParameterName, 'Report format on stdout')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Driver threads sending requests (like wrk''s -t). Default: half the cores (at least one) for a loopback target, which shares the machine; all cores for any other')
            [CompletionResult]::new('--max-error-rate', '--max-error-rate', [CompletionResultType]::ParameterName, 'Fail when unexpected outcomes exceed this share of requests ("1%", "0.5%", or "0.01")')
            [CompletionResult]::new('--max-p50', '--max-p50', [CompletionResultType]::ParameterName, 'Fail when the corrected median latency exceeds this ("200ms")')
            [CompletionResult]::new('--max-p90', '--max-p90', [CompletionResultType]::ParameterName, 'Fail when the corrected p90 latency exceeds this')
            [CompletionResult]::new('--max-p95', '--max-p95', [CompletionResultType]::ParameterName, 'Fail when the corrected p95 latency exceeds this')
            [CompletionResult]::new('--max-p99', '--max-p99', [CompletionResultType]::ParameterName, 'Fail when the corrected p99 latency exceeds this ("500ms")')
            [CompletionResult]::new('--max-p999', '--max-p999', [CompletionResultType]::ParameterName, 'Fail when the corrected p99.9 latency exceeds this')
            [CompletionResult]::new('--min-rps', '--min-rps', [CompletionResultType]::ParameterName, 'Fail when the run answers fewer requests per second than this')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept invalid TLS certificates (self-signed test targets)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load;help' {
            [CompletionResult]::new('quick', 'quick', [CompletionResultType]::ParameterValue, '50 requests over every read endpoint and user creation, a few at a time; done in seconds')
            [CompletionResult]::new('sustained', 'sustained', [CompletionResultType]::ParameterValue, 'A weighted mix of all endpoints at a steady rate (default: 10/s for 5m)')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Traffic meant to fail (500s, 404s, malformed bodies, timeouts), all counted as expected')
            [CompletionResult]::new('purchase', 'purchase', [CompletionResultType]::ParameterValue, 'Purchases with random, realistic payloads (default: 20, one a second)')
            [CompletionResult]::new('spike', 'spike', [CompletionResultType]::ParameterValue, 'Calm at 10/s, a spike to 100/s for half a minute, calm again (2m40s, stages): for watching a dashboard react')
            [CompletionResult]::new('full', 'full', [CompletionResultType]::ParameterValue, 'quick, errors, purchase, then a short sustained phase; one report per phase and a total')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Post every image of a directory as a multipart file field (with headers and form fields if asked), and report each upload')
            [CompletionResult]::new('url', 'url', [CompletionResultType]::ParameterValue, 'Load one URL, for throughput tests (like oha or hey)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a scenario file (the format of `load show quick`)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a built-in scenario, to copy and edit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'thumbctl;load;help;quick' {
            break
        }
        'thumbctl;load;help;sustained' {
            break
        }
        'thumbctl;load;help;errors' {
            break
        }
        'thumbctl;load;help;purchase' {
            break
        }
        'thumbctl;load;help;spike' {
            break
        }
        'thumbctl;load;help;full' {
            break
        }
        'thumbctl;load;help;upload' {
            break
        }
        'thumbctl;load;help;url' {
            break
        }
        'thumbctl;load;help;run' {
            break
        }
        'thumbctl;load;help;show' {
            break
        }
        'thumbctl;load;help;help' {
            break
        }
        'thumbctl;completions' {
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;generate-docs' {
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('--pushgateway', '--pushgateway', [CompletionResultType]::ParameterName, 'Push the run''s metrics to this Prometheus Pushgateway when it ends (PUT, group job=thumbctl, instance=<host> and every --tag), e.g. http://localhost:9091')
            [CompletionResult]::new('--prom-textfile', '--prom-textfile', [CompletionResultType]::ParameterName, 'Write the run''s metrics to PATH in Prometheus text format when it ends, atomically, for node_exporter''s textfile collector (name it *.prom)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--traces', '--traces', [CompletionResultType]::ParameterName, 'Send APM traces to the Datadog agent (also on with DD_TRACE_ENABLED=true). The agent is DD_TRACE_AGENT_URL, else DD_AGENT_HOST and DD_TRACE_AGENT_PORT, else localhost:8126')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;help' {
            [CompletionResult]::new('resize', 'resize', [CompletionResultType]::ParameterValue, 'Turn files and directory trees of images into thumbnails, in parallel')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Replay scenario traffic against a running web service')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'thumbctl;help;resize' {
            break
        }
        'thumbctl;help;load' {
            [CompletionResult]::new('quick', 'quick', [CompletionResultType]::ParameterValue, '50 requests over every read endpoint and user creation, a few at a time; done in seconds')
            [CompletionResult]::new('sustained', 'sustained', [CompletionResultType]::ParameterValue, 'A weighted mix of all endpoints at a steady rate (default: 10/s for 5m)')
            [CompletionResult]::new('errors', 'errors', [CompletionResultType]::ParameterValue, 'Traffic meant to fail (500s, 404s, malformed bodies, timeouts), all counted as expected')
            [CompletionResult]::new('purchase', 'purchase', [CompletionResultType]::ParameterValue, 'Purchases with random, realistic payloads (default: 20, one a second)')
            [CompletionResult]::new('spike', 'spike', [CompletionResultType]::ParameterValue, 'Calm at 10/s, a spike to 100/s for half a minute, calm again (2m40s, stages): for watching a dashboard react')
            [CompletionResult]::new('full', 'full', [CompletionResultType]::ParameterValue, 'quick, errors, purchase, then a short sustained phase; one report per phase and a total')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Post every image of a directory as a multipart file field (with headers and form fields if asked), and report each upload')
            [CompletionResult]::new('url', 'url', [CompletionResultType]::ParameterValue, 'Load one URL, for throughput tests (like oha or hey)')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a scenario file (the format of `load show quick`)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a built-in scenario, to copy and edit')
            break
        }
        'thumbctl;help;load;quick' {
            break
        }
        'thumbctl;help;load;sustained' {
            break
        }
        'thumbctl;help;load;errors' {
            break
        }
        'thumbctl;help;load;purchase' {
            break
        }
        'thumbctl;help;load;spike' {
            break
        }
        'thumbctl;help;load;full' {
            break
        }
        'thumbctl;help;load;upload' {
            break
        }
        'thumbctl;help;load;url' {
            break
        }
        'thumbctl;help;load;run' {
            break
        }
        'thumbctl;help;load;show' {
            break
        }
        'thumbctl;help;completions' {
            break
        }
        'thumbctl;help;generate-docs' {
            break
        }
        'thumbctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
