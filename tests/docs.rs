//! The committed man pages and completion scripts are generated from the clap definitions; these
//! tests fail when they are stale, and check them the way a user would use them (man, bash).

mod common;

use std::path::Path;
use std::process::Command;

const REGENERATE: &str = "cargo run -- generate-docs .";

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// In CI every peer tool must be there; on a developer machine a missing one is said, not hidden.
fn tool_available(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .map(|out| out.status.success())
        .unwrap_or(false);
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is required in CI (installed by .ci/run)"
        );
        eprintln!("NOT RUN: {tool} is not installed here");
    }
    found
}

#[test]
fn committed_docs_match_the_cli() {
    let mut stale = Vec::new();
    for (relative, expected) in thumbctl::docs::generated_files() {
        let committed = std::fs::read(repo_root().join(&relative)).unwrap_or_default();
        if committed != expected {
            stale.push(relative.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated docs: {}\nregenerate them with `{REGENERATE}` and commit the result",
        stale.join(", ")
    );
}

#[test]
fn completions_subcommand_prints_the_committed_script() {
    for (shell, file) in thumbctl::docs::COMPLETION_FILES {
        let out = common::thumbctl(["completions", &shell.to_string()]).run();
        assert_eq!(out.code, Some(0), "completions {shell} failed");
        let committed = std::fs::read(repo_root().join("completions").join(file)).unwrap();
        assert!(
            out.stdout.as_bytes() == committed,
            "completions {shell} differs from completions/{file}"
        );
    }
}

#[test]
fn man_pages_render_without_warnings() {
    if !tool_available("man") {
        return;
    }
    let pages: Vec<_> = std::fs::read_dir(repo_root().join("man"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(
        pages.len() >= 3,
        "expected thumbctl.1 and one page per subcommand"
    );
    for page in pages {
        let out = Command::new("man")
            .args(["--warnings", "-l"])
            .arg(&page)
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_FORMATTING", "0")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "man -l {} failed: {stderr}",
            page.display()
        );
        assert!(
            stderr.trim().is_empty(),
            "man -l {} warned:\n{stderr}",
            page.display()
        );
        let text = strip_overstrike(&String::from_utf8_lossy(&out.stdout));
        for heading in ["SYNOPSIS", "EXIT STATUS", "ENVIRONMENT"] {
            assert!(
                text.contains(heading),
                "{} has no {heading} section",
                page.display()
            );
        }
    }
}

/// man writes bold as `X\x08X` when its output is not a terminal; keep only the visible characters.
fn strip_overstrike(text: &str) -> String {
    let mut visible: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{8}' {
            visible.pop();
        } else {
            visible.push(c);
        }
    }
    visible.into_iter().collect()
}

/// Asks bash's programmable completion what it offers after `words`, the way a user pressing Tab does.
fn bash_completions(words: &[&str]) -> Vec<String> {
    let script = repo_root().join("completions/thumbctl.bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n_thumbctl thumbctl '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bash failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| line.trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn bash_completes_subcommands_and_flags() {
    if !tool_available("bash") {
        return;
    }
    let registered = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p thumbctl",
            repo_root().join("completions/thumbctl.bash").display()
        ))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&registered.stdout).contains("-F _thumbctl thumbctl"));

    let top = bash_completions(&["thumbctl", ""]);
    for expected in ["resize", "load", "completions"] {
        assert!(
            top.contains(&expected.to_string()),
            "`thumbctl ` offers {top:?}"
        );
    }

    let load = bash_completions(&["thumbctl", "load", ""]);
    for expected in [
        "quick",
        "sustained",
        "errors",
        "purchase",
        "full",
        "upload",
        "url",
        "run",
        "show",
    ] {
        assert!(
            load.contains(&expected.to_string()),
            "`thumbctl load ` offers {load:?}"
        );
    }

    let resize_f = bash_completions(&["thumbctl", "resize", "--f"]);
    for expected in [
        "--fit",
        "--format",
        "--force",
        "--follow-links",
        "--fail-fast",
    ] {
        assert!(
            resize_f.contains(&expected.to_string()),
            "`thumbctl resize --f` offers {resize_f:?}"
        );
    }
    assert!(
        resize_f.iter().all(|word| word.starts_with("--f")),
        "`thumbctl resize --f` offers words that do not start with --f: {resize_f:?}"
    );
}
