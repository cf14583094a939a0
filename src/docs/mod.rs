//! Man pages and shell completions, generated from the clap definitions in `cli` so they can never
//! describe flags the parser does not have (the way `rg --generate` works).
//!
//! `thumbctl completions SHELL` prints one completion script; the hidden `thumbctl generate-docs DIR`
//! writes every file under `DIR/completions` and `DIR/man`, which are committed. A test fails when the
//! committed files are stale.

use std::io;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::roff::{bold, roman, Roff};

use crate::cli::Cli;

mod text;

/// The shells completion scripts are generated for, with the file name each is committed under.
pub const COMPLETION_FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "thumbctl.bash"),
    (Shell::Zsh, "_thumbctl"),
    (Shell::Fish, "thumbctl.fish"),
    (Shell::PowerShell, "_thumbctl.ps1"),
    (Shell::Elvish, "thumbctl.elv"),
];

/// The completion script for one shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "thumbctl", &mut out);
    out
}

/// Every generated file, as (path relative to the repository root, contents).
pub fn generated_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = COMPLETION_FILES
        .iter()
        .map(|(shell, name)| {
            (
                Path::new("completions").join(name),
                completion_script(*shell),
            )
        })
        .collect();
    for (name, page) in man_pages() {
        files.push((Path::new("man").join(name), page));
    }
    files
}

/// Writes every generated file under `root`.
pub fn write_all(root: &Path) -> io::Result<()> {
    for (relative, contents) in generated_files() {
        let path = root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, contents)?;
    }
    Ok(())
}

/// `thumbctl.1` plus one page per visible subcommand, nested ones included
/// (`thumbctl-resize.1`, `thumbctl-load.1`, `thumbctl-load-url.1`, ...).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut root = Cli::command();
    root.build();
    let mut pages = Vec::new();
    collect_pages(&root, "thumbctl", &mut pages);
    pages
}

fn collect_pages(cmd: &clap::Command, page_name: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let page_cmd = cmd.clone().name(page_name.to_string());
    let man = clap_mangen::Man::new(page_cmd).manual("thumbctl manual");
    let mut out = Vec::new();
    man.render(&mut out)
        .expect("rendering into a Vec cannot fail");
    out.extend_from_slice(extra_sections(page_name).render().as_bytes());
    pages.push((format!("{page_name}.1"), out));

    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        collect_pages(sub, &format!("{page_name}-{}", sub.get_name()), pages);
    }
}

/// The example commands the man pages show (the `$ ` paragraphs), for the test that parses them.
pub fn example_commands() -> Vec<String> {
    text::sections_for(true, true)
        .into_iter()
        .flat_map(|section| section.paragraphs)
        .filter_map(|paragraph| paragraph.strip_prefix("$ ").map(str::to_string))
        .collect()
}

/// A man page section: a heading and its paragraphs. A paragraph starting with `$ ` is shown as an
/// example command, verbatim.
pub(crate) struct Section {
    pub heading: &'static str,
    pub paragraphs: Vec<String>,
}

/// What `--help` cannot say: exit codes, environment, metrics, file formats, examples.
fn extra_sections(page_name: &str) -> Roff {
    let mut sections = Vec::new();
    sections.push(exit_status_section());
    sections.push(environment_section());
    let is_resize = page_name.starts_with("thumbctl-resize");
    let is_load = page_name.starts_with("thumbctl-load");
    // The top page carries everything; subcommand pages carry what concerns them.
    let (is_resize, is_load) = if page_name == "thumbctl" {
        (true, true)
    } else {
        (is_resize, is_load)
    };
    sections.extend(text::sections_for(is_resize, is_load));

    let mut roff = Roff::new();
    for section in sections {
        roff.control("SH", [section.heading]);
        for paragraph in section.paragraphs {
            if let Some(command) = paragraph.strip_prefix("$ ") {
                roff.control("PP", []);
                roff.control("nf", []);
                roff.control("RS", ["4"]);
                roff.text([roman(command)]);
                roff.control("RE", []);
                roff.control("fi", []);
            } else if let Some((term, text)) = paragraph.split_once(" :: ") {
                roff.control("TP", []);
                roff.text([bold(term)]);
                roff.text([roman(text)]);
            } else {
                roff.control("PP", []);
                roff.text([roman(paragraph)]);
            }
        }
    }
    roff
}

fn exit_status_section() -> Section {
    Section {
        heading: "EXIT STATUS",
        paragraphs: crate::exit::ExitCode::ALL
            .iter()
            .map(|code| format!("{} :: {}", i32::from(*code), code.meaning()))
            .collect(),
    }
}

fn environment_section() -> Section {
    Section {
        heading: "ENVIRONMENT",
        paragraphs: text::ENVIRONMENT
            .iter()
            .map(|(name, text)| format!("{name} :: {text}"))
            .collect(),
    }
}
