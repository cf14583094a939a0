//! A PNG whose iCCP chunk inflates to 512 MiB: the profile is dropped with a warning naming the
//! file, the thumbnail is written, and the peak memory of the run stays small. One test in this
//! file, so the peak resident size of this process's children is that run's alone.

mod common;

use common::TestDir;
use image::GenericImageView;

/// Little-endian bit writer for a deflate stream.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u64, bits: u32) {
        self.acc |= value << self.count;
        self.count += bits;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, which deflate stores most significant bit first.
    fn code(&mut self, code: u64, bits: u32) {
        let reversed = (0..bits).fold(0, |acc, bit| (acc << 1) | ((code >> bit) & 1));
        self.put(reversed, bits);
    }
}

/// A zlib stream of `1 + 258 * copies` zero bytes, in one fixed-Huffman block: a literal 0, then
/// back-references of length 258 at distance 1 (13 bits each, 160:1).
fn zero_bomb(copies: u64) -> Vec<u8> {
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        count: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    for _ in 0..copies {
        bits.code(0b1100_0101, 8); // length code 285 = 258
        bits.code(0, 5); // distance code 0 = 1
    }
    bits.code(0, 7); // end of block
    if bits.count > 0 {
        bits.put(0, 8 - bits.count);
    }
    let length = 1 + 258 * copies;
    let adler = ((length % 65521) << 16) | 1;
    bits.out.extend_from_slice(&(adler as u32).to_be_bytes());
    bits.out
}

fn png_with_iccp(width: u32, height: u32, iccp_zlib: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    let mut body = b"bomb\0\0".to_vec();
    body.extend_from_slice(iccp_zlib);
    writer
        .write_chunk(png::chunk::ChunkType(*b"iCCP"), &body)
        .unwrap();
    let pixels: Vec<u8> = (0..width * height * 3).map(|i| (i % 251) as u8).collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// The largest peak resident size of any child this process has waited for, in bytes.
fn children_peak_rss() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes the struct it is given.
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    usage.ru_maxrss as u64 * 1024
}

#[test]
fn an_iccp_chunk_that_inflates_to_512_mib_is_dropped_with_memory_bounded() {
    let dir = TestDir::new();
    let copies = (512u64 << 20) / 258;
    let bomb = zero_bomb(copies);
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    // One large enough to be shrunk while streaming, one small enough for the full decoder.
    dir.write("in/large.png", png_with_iccp(1200, 800, &bomb));
    dir.write("in/small.png", png_with_iccp(100, 60, &bomb));

    let run = dir
        .thumbctl([
            "--no-metrics",
            "resize",
            "in",
            "--out",
            "out",
            "--sizes",
            "small",
        ])
        .run();
    run.assert_code(0);
    let peak = children_peak_rss();
    for name in ["large.png", "small.png"] {
        let warning = run
            .stderr
            .lines()
            .find(|line| line.contains(name) && line.contains("ICC profile dropped"))
            .unwrap_or_else(|| panic!("no warning naming {name}: {}", run.stderr));
        assert!(warning.contains("4 MiB"), "{warning}");
    }
    let large = image::open(dir.join("out/large_small.jpg")).unwrap();
    assert_eq!(large.dimensions(), (150, 100));
    let small = image::open(dir.join("out/small_small.jpg")).unwrap();
    assert_eq!(small.dimensions(), (100, 60));
    // The debug binary needs about 20-30 MB for these; inflating the profile took 512 MB more.
    assert!(peak < 120 << 20, "peak RSS {} MB", peak >> 20);
}
