//! Every `thumbctl` command shown in README.md and in the man pages' examples is parsed by the real
//! command-line parser, so a renamed or removed flag fails here instead of rotting in the docs. The
//! two set-up commands themselves are run by `.ci/run`.

use clap::Parser;
use thumbctl::cli::Cli;

/// The `thumbctl ...` commands in the shell code blocks of a Markdown text.
fn commands_in_markdown(markdown: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_shell_block = false;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            in_shell_block = !in_shell_block && matches!(lang, "sh" | "bash" | "shell" | "console");
            continue;
        }
        if in_shell_block {
            commands.extend(thumbctl_command(trimmed));
        }
    }
    commands
}

/// The `thumbctl` invocation on a shell line, if any: prompts, environment assignments and
/// `cargo run --release --` are stripped; comments, pipes and redirections end it.
fn thumbctl_command(line: &str) -> Option<String> {
    let line = line.strip_prefix("$ ").unwrap_or(line);
    let words = shell_words(line);
    let start = words
        .iter()
        .position(|w| w == "thumbctl")
        .map(|i| i + 1)
        .or_else(|| {
            // `cargo run --release -- resize ...` runs thumbctl too.
            let is_cargo_run = words.first().map(String::as_str) == Some("cargo")
                && words.get(1).map(String::as_str) == Some("run")
                && !words.iter().any(|w| w == "--example");
            let separator = words.iter().position(|w| w == "--")?;
            is_cargo_run.then_some(separator + 1)
        })?;
    let mut args = vec!["thumbctl".to_string()];
    for word in &words[start..] {
        if matches!(word.as_str(), "|" | ">" | ">>" | "2>" | "&&" | ";" | "&")
            || word.starts_with('#')
        {
            break;
        }
        args.push(word.clone());
    }
    Some(args.join("\u{1f}"))
}

/// Splits a shell line into words, honouring single and double quotes; operators stand alone.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                for inner in chars.by_ref() {
                    if inner == c {
                        break;
                    }
                    current.push(inner);
                }
            }
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                    in_word = true;
                }
            }
            _ => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

fn assert_all_parse(source: &str, commands: &[String]) {
    let mut failures = Vec::new();
    for command in commands {
        let args: Vec<&str> = command.split('\u{1f}').collect();
        if let Err(err) = Cli::try_parse_from(&args) {
            let first_line = err
                .to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            failures.push(format!("  {}\n    {first_line}", args.join(" ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{source} shows commands the CLI rejects:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_readme_command_parses() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let commands = commands_in_markdown(&readme);
    assert!(
        commands.len() >= 15,
        "expected the README to show at least 15 thumbctl commands, found {}",
        commands.len()
    );
    assert_all_parse("README.md", &commands);
}

#[test]
fn every_man_page_example_parses() {
    let commands: Vec<String> = thumbctl::docs::example_commands()
        .iter()
        .filter_map(|line| thumbctl_command(line))
        .collect();
    assert!(!commands.is_empty(), "the man pages show no example");
    assert_all_parse("the man pages", &commands);
}

#[test]
fn the_extractor_sees_what_a_shell_would() {
    assert_eq!(
        thumbctl_command("DD_ENV=ci thumbctl resize 'my photos/' --out t # comment").unwrap(),
        ["thumbctl", "resize", "my photos/", "--out", "t"].join("\u{1f}")
    );
    assert_eq!(
        thumbctl_command("cargo run --release -- resize testdata/ --out /tmp/x").unwrap(),
        ["thumbctl", "resize", "testdata/", "--out", "/tmp/x"].join("\u{1f}")
    );
    assert_eq!(
        thumbctl_command("thumbctl load show quick > mine.json").unwrap(),
        ["thumbctl", "load", "show", "quick"].join("\u{1f}")
    );
    assert_eq!(
        thumbctl_command("cargo run --example workshop_server -- --port 3001"),
        None
    );
    assert_eq!(thumbctl_command("ls thumbs/"), None);
}
