# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_thumbctl_global_optspecs
    string join \n v/verbose q/quiet no-progress log-format= statsd= no-metrics tag= metrics-prefix= timing-type= h/help V/version
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
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "resize" -d 'Turn files and directory trees of images into thumbnails, in parallel'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "load" -d 'Replay scenario traffic against a running web service'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "generate-docs" -d 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)'
complete -c thumbctl -n "__fish_thumbctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s o -l out -d 'Folder the thumbnails are written under' -r -F
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand resize" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l target -d 'Base URL of the service under test' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand load" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l log-format -d 'Format of the log lines on stderr' -r -f -a "text\t'Human-readable lines'
json\t'One JSON object per line, for log collectors'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l statsd -d 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l tag -d 'A constant tag added to every metric (repeatable), as key:value' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l metrics-prefix -d 'A namespace put in front of every metric name (none by default, so the pipeline\'s names work as they are)' -r
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l timing-type -d 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)' -r -f -a "distribution\t'DogStatsD distribution (`|d`)'
timer\t'StatsD timer (`|ms`)'"
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand completions" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
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
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s v -l verbose -d 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s q -l quiet -d 'Print nothing on stderr but errors: no progress bar, no summary'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l no-progress -d 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -l no-metrics -d 'Send no metrics at all'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "resize" -d 'Turn files and directory trees of images into thumbnails, in parallel'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "load" -d 'Replay scenario traffic against a running web service'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "generate-docs" -d 'Write the man pages and completion scripts under DIR/man and DIR/completions (for maintainers)'
complete -c thumbctl -n "__fish_thumbctl_using_subcommand help; and not __fish_seen_subcommand_from resize load completions generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
