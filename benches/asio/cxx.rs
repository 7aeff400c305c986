//! Builds the C++ Asio peers in `benches/asio/` on first use, with no build script: the bench
//! binary compiles `NAME.cpp` with `g++ -O2 -std=c++20` into `target/asio/NAME-HASH`, where
//! HASH covers every source in `benches/asio/` and the flags, so an edit rebuilds and an
//! unchanged source is reused. Needs `g++` and Debian's `libasio-dev` (standalone Asio
//! headers); without them the peers are skipped with the reason.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The compiler flags; part of the cache key.
const FLAGS: &[&str] = &[
    "-O2",
    "-g",
    "-std=c++20",
    "-fcoroutines",
    "-pthread",
    "-DASIO_STANDALONE",
    "-DASIO_NO_DEPRECATED",
];

/// Returns the path of the built peer `name` (`benches/asio/NAME.cpp`), building it if needed,
/// or why it cannot be built.
pub fn binary(name: &str) -> Result<PathBuf, String> {
    let src_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/asio");
    let hash = sources_hash(&src_dir)?;
    let out_dir = target_dir()?.join("asio");
    let out = out_dir.join(format!("{name}-{hash:016x}"));
    if out.exists() {
        return Ok(out);
    }
    prerequisites()?;
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    // Built under a temporary name and renamed: a concurrent run never sees half a binary.
    let tmp = out_dir.join(format!(".{name}-{hash:016x}.{}", std::process::id()));
    eprintln!(
        "asio peers: building {} (g++ {})",
        out.display(),
        FLAGS.join(" ")
    );
    let status = Command::new("g++")
        .args(FLAGS)
        .arg("-o")
        .arg(&tmp)
        .arg(src_dir.join(format!("{name}.cpp")))
        .status()
        .map_err(|e| format!("g++: {e}"))?;
    if !status.success() {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("g++ failed to build {name}.cpp ({status})"));
    }
    std::fs::rename(&tmp, &out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out)
}

/// Checks for `g++` and the standalone Asio headers.
fn prerequisites() -> Result<(), String> {
    let gxx = Command::new("g++").arg("--version").output();
    if !gxx.is_ok_and(|o| o.status.success()) {
        return Err("g++ not found".into());
    }
    let probe = Command::new("g++")
        .args(["-std=c++20", "-x", "c++", "-E", "-o", "/dev/null", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin is piped");
            stdin.write_all(b"#include <asio.hpp>\n")?;
            drop(stdin);
            child.wait()
        });
    match probe {
        Ok(status) if status.success() => Ok(()),
        _ => Err("Asio headers not found (Debian: apt-get install libasio-dev)".into()),
    }
}

/// FNV-1a over the flags and every file of `dir` (sorted by name): stable across runs and
/// toolchains, unlike `DefaultHasher`.
fn sources_hash(dir: &Path) -> Result<u64, String> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cpp" || x == "hpp"))
        .collect();
    names.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(FLAGS.join(" ").as_bytes());
    for path in &names {
        eat(path.file_name().map_or(&[][..], |n| n.as_encoded_bytes()));
        eat(&std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok(h)
}

/// Cargo's target directory: the bench binary runs from `target/<profile>/deps/`.
fn target_dir() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("no target directory above {}", exe.display()))
}
