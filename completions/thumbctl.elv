
use builtin;
use str;

set edit:completion:arg-completer[thumbctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'thumbctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'thumbctl'= {
            cand --log-format 'Format of the log lines on stderr'
            cand --statsd 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125'
            cand --tag 'A constant tag added to every metric (repeatable), as key:value'
            cand --metrics-prefix 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)'
            cand --timing-type 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)'
            cand -v 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand --verbose 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand -q 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --quiet 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --no-progress 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
            cand --no-metrics 'Send no metrics at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand resize 'Turn files and directory trees of images into thumbnails, in parallel'
            cand load 'Replay scenario traffic against a running web service'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout'
            cand generate-docs 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'thumbctl;resize'= {
            cand -o 'Folder the thumbnails are written under'
            cand --out 'Folder the thumbnails are written under'
            cand --log-format 'Format of the log lines on stderr'
            cand --statsd 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125'
            cand --tag 'A constant tag added to every metric (repeatable), as key:value'
            cand --metrics-prefix 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)'
            cand --timing-type 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)'
            cand -v 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand --verbose 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand -q 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --quiet 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --no-progress 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
            cand --no-metrics 'Send no metrics at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'thumbctl;load'= {
            cand --target 'Base URL of the service under test'
            cand --log-format 'Format of the log lines on stderr'
            cand --statsd 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125'
            cand --tag 'A constant tag added to every metric (repeatable), as key:value'
            cand --metrics-prefix 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)'
            cand --timing-type 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)'
            cand -v 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand --verbose 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand -q 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --quiet 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --no-progress 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
            cand --no-metrics 'Send no metrics at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'thumbctl;completions'= {
            cand --log-format 'Format of the log lines on stderr'
            cand --statsd 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125'
            cand --tag 'A constant tag added to every metric (repeatable), as key:value'
            cand --metrics-prefix 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)'
            cand --timing-type 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)'
            cand -v 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand --verbose 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand -q 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --quiet 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --no-progress 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
            cand --no-metrics 'Send no metrics at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'thumbctl;generate-docs'= {
            cand --log-format 'Format of the log lines on stderr'
            cand --statsd 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125'
            cand --tag 'A constant tag added to every metric (repeatable), as key:value'
            cand --metrics-prefix 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)'
            cand --timing-type 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)'
            cand -v 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand --verbose 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
            cand -q 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --quiet 'Print nothing on stderr but errors: no progress bar, no summary'
            cand --no-progress 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
            cand --no-metrics 'Send no metrics at all'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'thumbctl;help'= {
            cand resize 'Turn files and directory trees of images into thumbnails, in parallel'
            cand load 'Replay scenario traffic against a running web service'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout'
            cand generate-docs 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'thumbctl;help;resize'= {
        }
        &'thumbctl;help;load'= {
        }
        &'thumbctl;help;completions'= {
        }
        &'thumbctl;help;generate-docs'= {
        }
        &'thumbctl;help;help'= {
        }
    ]
    $completions[$command]
}
