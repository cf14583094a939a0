//! Says once, in plain words, when the JPEG library is built without its x86 SIMD code.
//!
//! mozjpeg-sys (the JPEG library, see Cargo.toml) assembles its SIMD code with nasm when nasm is
//! on the PATH, and otherwise compiles the plain C code. Its own note about that is a build-script
//! warning of a dependency, which cargo does not show, so the user would never learn why the build
//! is slower or how to get the fast one. The check is the same as mozjpeg-sys's: `nasm -v` runs.
//!
//! It also compiles src/resize/libjpeg_hooks.c against the headers libjpeg was built with
//! (mozjpeg-sys exports their directories as `DEP_JPEG_INCLUDE`); see src/resize/decode/idct.rs
//! and src/resize/fdct.rs.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    compile_libjpeg_hooks();
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if arch != "x86_64" && arch != "x86" {
        return; // ARM builds its NEON code with the C compiler: nothing to miss.
    }
    let nasm_runs = Command::new("nasm")
        .arg("-v")
        .output()
        .is_ok_and(|output| output.status.success());
    if !nasm_runs {
        println!(
            "cargo:warning=nasm not found: building the JPEG library without its x86 SIMD code. \
             thumbctl works the same; on CPUs with AVX2 it puts in DCTs of its own and is about \
             as fast, on older ones its JPEG work takes 15-30% more CPU time. For libjpeg's own \
             SIMD code, install nasm (apt-get install nasm, brew install nasm), then run \
             `cargo clean -p mozjpeg-sys` and build again."
        );
    }
}

fn compile_libjpeg_hooks() {
    let hooks = "src/resize/libjpeg_hooks.c";
    println!("cargo:rerun-if-changed={hooks}");
    println!("cargo:rerun-if-env-changed=DEP_JPEG_INCLUDE");
    let headers = std::env::var_os("DEP_JPEG_INCLUDE").expect("mozjpeg-sys exports its headers");
    cc::Build::new()
        .file(hooks)
        .includes(std::env::split_paths(&headers))
        .compile("thumbctl_libjpeg_hooks");
}
