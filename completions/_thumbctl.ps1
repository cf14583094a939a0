
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
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
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
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Folder the thumbnails are written under')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder the thumbnails are written under')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;load' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Base URL of the service under test')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
            [CompletionResult]::new('--no-metrics', '--no-metrics', [CompletionResultType]::ParameterName, 'Send no metrics at all')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'thumbctl;completions' {
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Format of the log lines on stderr')
            [CompletionResult]::new('--statsd', '--statsd', [CompletionResultType]::ParameterName, 'Where to send metrics: udp://HOST:PORT or unix:///path/to/dsd.socket. Without it: DD_DOGSTATSD_URL, else DD_AGENT_HOST and DD_DOGSTATSD_PORT, else localhost:8125')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A constant tag added to every metric (repeatable), as key:value')
            [CompletionResult]::new('--metrics-prefix', '--metrics-prefix', [CompletionResultType]::ParameterName, 'A namespace put in front of every metric name (none by default, so the pipeline''s names work as they are)')
            [CompletionResult]::new('--timing-type', '--timing-type', [CompletionResultType]::ParameterName, 'How timings are sent: distributions (|d, exact percentiles across hosts) or classic timers (|ms)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
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
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output on stderr: -v for debug, -vv for trace. RUST_LOG, when set, wins')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stderr but errors: no progress bar, no summary')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bar, even on a terminal (it is never drawn when stderr is not a terminal)')
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
