//! Builds and locates the example binaries that the `examples_*` tests run, and runs them with
//! a time limit.
//!
//! Included by path (`#[path = "support/examples.rs"] mod examples_support;`), not through
//! `support/mod.rs`, so only the tests that run examples compile it.

#![allow(dead_code)] // not every test binary uses every helper

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Returns the path of the example `name`, built for this test's profile.
///
/// The first call builds every example in `all` with `cargo build --example ..` (a no-op when
/// they are up to date): `cargo test` compiles examples only as test harnesses, so it does not
/// produce or refresh the plain binaries in `target/<profile>/examples/`. Cargo releases its
/// build lock before it runs test binaries, so this nested build does not deadlock; it waits if
/// another cargo holds the lock, within `timeout`.
///
/// When the suite is built for an explicit target (`CARGO_BUILD_TARGET`, as
/// `scripts/sanitize.sh` sets it, so that `RUSTFLAGS` such as `-Zsanitizer=address` reach
/// only the target's crates and not proc-macros or build scripts), the test binaries live in
/// `target/<triple>/<profile>/deps`, and the examples are built for the same target, with
/// `-Zbuild-std` when `JETON_BUILD_STD` is set.
pub fn example_path(name: &str, all: &[&str], timeout: Duration) -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    // target/<profile>/deps/<test>-<hash> -> target/<profile>/examples/<name>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary lives in target/<profile>/deps");
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(e) = BUILT.get_or_init(|| build_examples(profile_dir, all, timeout)) {
        panic!("{e}");
    }
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "example binary {} is missing after `cargo build --example {name}`",
        path.display()
    );
    path
}

/// The crate's optional features this test binary was built with.
fn enabled_features() -> Vec<&'static str> {
    let mut features = Vec::new();
    if cfg!(feature = "tokio") {
        features.push("tokio");
    }
    if cfg!(feature = "hyper") {
        features.push("hyper");
    }
    if cfg!(feature = "tls") {
        features.push("tls");
    }
    features
}

/// Builds `all` for the profile whose output directory is `profile_dir`.
fn build_examples(profile_dir: &Path, all: &[&str], timeout: Duration) -> Result<(), String> {
    let mut target_dir = profile_dir.parent().expect("target/<profile> has a parent");
    let mut cargo = Command::new(env!("CARGO"));
    cargo.args(["build", "--quiet"]);
    if let Ok(triple) = std::env::var("CARGO_BUILD_TARGET") {
        // target/<triple>/<profile>: the target directory is one level further up.
        target_dir = target_dir
            .parent()
            .expect("target/<triple>/<profile> has a parent");
        cargo.args(["--target", &triple]);
        if std::env::var_os("JETON_BUILD_STD").is_some() {
            cargo.arg("-Zbuild-std");
        }
    }
    cargo
        .arg("--target-dir")
        .arg(target_dir)
        .args(all.iter().flat_map(|name| ["--example", name]));
    // The test's own features: examples that require one build, and the library built for the
    // test is reused instead of being built again with other features.
    let features = enabled_features();
    if !features.is_empty() {
        cargo.args(["--features", &features.join(",")]);
    }
    cargo
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => {}
        Some(profile) => {
            cargo.args(["--profile", profile]);
        }
    }
    let how = "try `cargo build --examples`";
    let mut child = cargo
        .spawn()
        .map_err(|e| format!("cannot run cargo ({e}); {how}"))?;
    let start = Instant::now();
    loop {
        match child
            .try_wait()
            .map_err(|e| format!("cannot wait for cargo ({e}); {how}"))?
        {
            Some(status) if status.success() => return Ok(()),
            Some(status) => return Err(format!("building the examples failed ({status}); {how}")),
            None if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "building the examples took over {timeout:?}; {how}"
                ));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// What a child process printed, and how it ended.
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` to the end with captured output, killing it after `timeout`.
pub fn run_bounded(cmd: &mut Command, timeout: Duration) -> Result<Output, String> {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    // Drain both pipes while waiting, so a chatty child cannot block on a full pipe.
    let reader = std::thread::spawn(move || {
        let (mut stdout, mut stderr) = (String::new(), String::new());
        let _ = out.read_to_string(&mut stdout);
        let _ = err.read_to_string(&mut stderr);
        (stdout, stderr)
    });
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{cmd:?} still running after {timeout:?}: killed"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let (stdout, stderr) = reader.join().expect("the reader thread does not panic");
    Ok(Output {
        status,
        stdout,
        stderr,
    })
}
