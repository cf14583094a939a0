//! The integration-test helper: a temporary tree per test, and the real `thumbctl` binary run
//! in it, with its exit code, stdout and stderr captured.
//!
//! A test reads like a user's session: given these files, this command, expect these outputs.
//!
//! ```ignore
//! let dir = TestDir::new();
//! dir.copy_testdata("formats", "in");
//! let run = dir.thumbctl(["resize", "in", "--out", "out"]).args(["--sizes", "small"]).run();
//! run.assert_code(0);
//! ```
//!
//! Tests that need no folder of their own (`load` against a server) start from [`thumbctl`].

// Each test file uses a different part of this helper.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The repository's `testdata/` folder.
/// The ICC profile embedded in an image file, as the image crate reads it.
pub fn icc_of(path: &Path) -> Option<Vec<u8>> {
    use image::ImageDecoder;
    image::ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap()
        .icc_profile()
        .unwrap()
}

pub fn testdata(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(relative)
}

/// A temporary folder, deleted at the end of the test.
pub struct TestDir {
    dir: tempfile::TempDir,
}

impl Default for TestDir {
    fn default() -> Self {
        TestDir::new()
    }
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir {
            dir: tempfile::Builder::new()
                .prefix("thumbctl-test-")
                .tempdir()
                .expect("create temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file, creating its folders.
    pub fn write(&self, relative: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Copies a file or a whole folder of `testdata/` to `to` (relative to this dir).
    pub fn copy_testdata(&self, from: &str, to: impl AsRef<Path>) -> PathBuf {
        let target = self.join(to);
        copy_recursively(&testdata(from), &target);
        target
    }

    /// Writes one noisy, photo-like `width`x`height` JPEG as `seed.jpg` and copies it to each of
    /// `targets` (relative to this dir, folders created): a tree that is slow to resize, for tests
    /// that interrupt a run while it is under way.
    pub fn noisy_jpeg_copies<P: AsRef<Path>>(
        &self,
        width: u32,
        height: u32,
        targets: impl IntoIterator<Item = P>,
    ) {
        let noisy = image::RgbImage::from_fn(width, height, |x, y| {
            let noise = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 64;
            image::Rgb([(x % 256) as u8, (y % 256) as u8, (noise * 4) as u8])
        });
        let original = self.join("seed.jpg");
        noisy.save(&original).unwrap();
        for target in targets {
            let target = self.join(target);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(&original, target).unwrap();
        }
    }

    /// Every file under `relative` (recursively), relative to it, sorted; hidden files included.
    pub fn files_under(&self, relative: impl AsRef<Path>) -> Vec<PathBuf> {
        let root = self.join(relative);
        let mut files = Vec::new();
        collect_files(&root, &root, &mut files);
        files.sort();
        files
    }

    /// The `thumbctl` binary, run in this folder, as [`thumbctl`] runs it.
    pub fn thumbctl<I, S>(&self, args: I) -> TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = thumbctl(args);
        command.command.current_dir(self.path());
        command
    }
}

/// The `thumbctl` binary, run in the crate's folder. The settings of whoever runs the tests stay
/// out: no `DD_*` variable (a real agent address, tags) and no `RUST_LOG` (extra log lines).
pub fn thumbctl<I, S>(args: I) -> TestCommand
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_thumbctl"));
    command.env_remove("RUST_LOG");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("DD_") {
            command.env_remove(key);
        }
    }
    command.args(args);
    TestCommand { command }
}

/// Sends SIGINT to `child`, as Ctrl-C in its terminal would.
#[cfg(unix)]
pub fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Stops a peer server a test started: SIGINT first (the fast shutdown of nginx, gunicorn, uvicorn
/// and Werkzeug alike, so nginx's master takes its workers down with it; SIGKILL would leave them
/// running, holding the port and every file descriptor they inherited), SIGKILL after 5 s.
#[cfg(unix)]
pub fn stop_peer(child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while matches!(child.try_wait(), Ok(None)) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A TCP port on 127.0.0.1 that nothing listens on right now, for a peer server a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `GET url` over HTTP/1.0 (a peer's status or metrics page): the status and the body.
pub fn http_get(url: &str) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = std::net::TcpStream::connect(host)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    write!(stream, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    Ok((status, body))
}

fn copy_recursively(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_recursively(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap_or_else(|err| panic!("copy {}: {err}", from.display()));
    }
}

fn collect_files(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(root, &path, files);
        } else {
            files.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

/// A command about to run.
pub struct TestCommand {
    command: Command,
}

impl TestCommand {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> TestCommand {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> TestCommand
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> TestCommand {
        self.command.env(key, value);
        self
    }

    /// Runs to completion, capturing everything.
    pub fn run(mut self) -> RunOutcome {
        self.command
            .stdin(Stdio::null())
            .output()
            .expect("run thumbctl")
            .into()
    }

    /// Runs to completion with stdout a pipe whose reader has already gone, as for
    /// `thumbctl ... | head -1` once `head` has quit: every write to stdout fails with EPIPE.
    #[cfg(target_os = "linux")]
    pub fn run_with_closed_stdout(mut self) -> RunOutcome {
        use std::os::fd::{FromRawFd, OwnedFd};
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2 writes. O_CLOEXEC keeps the reading
        // end out of processes other tests spawn meanwhile, which would keep the pipe open.
        let made = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
        assert_eq!(made, 0, "pipe2: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors are new and owned by nobody else.
        let (reader, writer) =
            unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
        drop(reader);
        self.command
            .stdin(Stdio::null())
            .stdout(writer)
            .output()
            .expect("run thumbctl")
            .into()
    }

    /// Starts it, waits for its first line on stdout (work is under way), sends Ctrl-C, and
    /// returns what it left once it has ended.
    #[cfg(unix)]
    pub fn run_until_first_line_then_interrupt(self) -> RunOutcome {
        use std::io::{BufRead, BufReader, Read};

        let mut child = self.spawn();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        interrupt(&child);
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        let mut run: RunOutcome = child.wait_with_output().expect("wait for thumbctl").into();
        run.stdout = first + &rest;
        run
    }

    /// Starts it with stdout and stderr piped, for tests that interact with the process.
    pub fn spawn(mut self) -> Child {
        self.command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn thumbctl")
    }
}

/// What a finished run left behind.
#[derive(Debug)]
pub struct RunOutcome {
    /// None when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// What a spawned child left: `child.wait_with_output().unwrap().into()`.
impl From<Output> for RunOutcome {
    fn from(output: Output) -> RunOutcome {
        RunOutcome {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl RunOutcome {
    /// Panics, showing both streams, unless the exit code is `expected`.
    pub fn assert_code(&self, expected: i32) -> &RunOutcome {
        assert_eq!(
            self.code,
            Some(expected),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// stdout as NDJSON: every line must be a JSON object.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|err| panic!("not JSON ({err}): {line}\n{}", self.stderr))
            })
            .collect()
    }

    /// The stderr lines starting with `error:`.
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|line| line.starts_with("error:"))
            .collect()
    }
}
