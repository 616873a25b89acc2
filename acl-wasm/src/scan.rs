//! Byte scans eight bytes at a time (SWAR on `u64`). WebAssembly has no vector instructions in
//! the baseline target, so a per-byte loop over a large input costs one iteration per byte;
//! these do one per eight. Each gives exactly the answer of the obvious per-byte loop (tests).

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;

fn word(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

/// The high bit of each byte of `w` that equals `b` (exact: no false positives).
fn eq_mask(w: u64, b: u8) -> u64 {
    let t = w ^ (ONES * b as u64);
    !(((t & LOWS) + LOWS) | t) & HIGHS
}

/// Calls `f` with the index of every byte of `s` that equals `b`, in order.
pub fn each(s: &[u8], b: u8, mut f: impl FnMut(usize)) {
    let mut chunks = s.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let mut m = eq_mask(word(c), b);
        while m != 0 {
            f(base + (m.trailing_zeros() / 8) as usize);
            m &= m - 1;
        }
        base += 8;
    }
    for (i, &c) in chunks.remainder().iter().enumerate() {
        if c == b {
            f(base + i);
        }
    }
}

/// The index of the first byte of `s` that equals `b`.
pub fn find(s: &[u8], b: u8) -> Option<usize> {
    let mut chunks = s.chunks_exact(8);
    let mut base = 0;
    for c in &mut chunks {
        let m = eq_mask(word(c), b);
        if m != 0 {
            return Some(base + (m.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks.remainder().iter().position(|&c| c == b).map(|i| base + i)
}

/// Whether `s` has a control byte (below a space), a `!` or an upper-case ASCII letter.
pub fn has_control_bang_or_upper(s: &[u8]) -> bool {
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        let w = word(c);
        let ascii = !w & HIGHS; // high bit set where the byte is ASCII
        // bytes below 0x20: adding 0x60 to the low seven bits leaves the high bit clear
        let below_space = !((w & LOWS) + ONES * 0x60) & ascii;
        // bytes in 'A'..='Z' (0x41..=0x5a): at least 0x41 and below 0x5b
        let low7 = w & LOWS;
        let at_least_a = (low7 + ONES * (0x80 - 0x41)) & HIGHS;
        let below_z1 = !(low7 + ONES * (0x80 - 0x5b)) & HIGHS;
        let upper = at_least_a & below_z1 & ascii;
        if below_space | upper | eq_mask(w, b'!') != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&c| c < b' ' || c == b'!' || c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_in_every_position_matches_the_byte_loop() {
        for b in 0..=255u8 {
            for pos in 0..19 {
                for fill in [b'a', b' ', 0x80, b'Z', b'\n'] {
                    let mut v = vec![fill; 19];
                    v[pos] = b;
                    for start in 0..3 {
                        let s = &v[start..];
                        let naive = s.iter().any(|&c| c < b' ' || c == b'!' || c.is_ascii_uppercase());
                        assert_eq!(has_control_bang_or_upper(s), naive, "byte {b:#x} at {pos} in {fill:#x} from {start}");
                        for k in [b'\n', b'!', 0, 0xff, b] {
                            let mut found = Vec::new();
                            each(s, k, |i| found.push(i));
                            let naive: Vec<usize> = (0..s.len()).filter(|&i| s[i] == k).collect();
                            assert_eq!(found, naive);
                            assert_eq!(find(s, k), naive.first().copied());
                        }
                    }
                }
            }
        }
    }
}
