//! Builds and locates the example binaries that the `examples_*` tests run.
//!
//! Included by path (`#[path = "support/examples.rs"] mod examples_support;`), not through
//! `support/mod.rs`, so only the tests that run examples compile it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Returns the path of the example `name`, built for this test's profile.
///
/// The first call builds every example in `all` with `cargo build --example ..` (a no-op when
/// they are up to date): `cargo test` compiles examples only as test harnesses, so it does not
/// produce or refresh the plain binaries in `target/<profile>/examples/`. Cargo releases its
/// build lock before it runs test binaries, so this nested build does not deadlock; it waits if
/// another cargo holds the lock, within `timeout`.
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
    let target_dir = profile_dir.parent().expect("target/<profile> has a parent");
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .args(["build", "--quiet", "--target-dir"])
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
