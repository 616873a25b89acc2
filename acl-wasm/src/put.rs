//! Appending short strings without a `memcpy` call. In wasm a copy of unknown length becomes
//! `memory.copy`, whose fixed cost per call dominates the copies of a few bytes that output is
//! made of; here strings of up to 32 bytes are copied with two (overlapping) loads and stores.

/// Appends `s` to `out` (as [`String::push_str`]).
#[inline(always)]
pub fn put(out: &mut String, s: &str) {
    // SAFETY: `s` is valid UTF-8, so appending all of its bytes keeps `out` valid UTF-8.
    put_bytes(unsafe { out.as_mut_vec() }, s.as_bytes());
}

/// Appends `b` to `v` (as [`Vec::extend_from_slice`]).
#[inline(always)]
pub fn put_bytes(v: &mut Vec<u8>, b: &[u8]) {
    let n = b.len();
    if n > 32 {
        v.extend_from_slice(b);
        return;
    }
    v.reserve(n);
    // SAFETY: `reserve` makes room for `n` bytes after `len`; every read is within `b` (the
    // second load of each pair ends at `n`), every write within the reserved room, and `b`
    // cannot overlap `v`'s buffer (it is borrowed while `v` is borrowed mutably).
    unsafe {
        let len = v.len();
        let d = v.as_mut_ptr().add(len);
        let s = b.as_ptr();
        if n >= 16 {
            let a = (s as *const [u8; 16]).read_unaligned();
            let z = (s.add(n - 16) as *const [u8; 16]).read_unaligned();
            (d as *mut [u8; 16]).write_unaligned(a);
            (d.add(n - 16) as *mut [u8; 16]).write_unaligned(z);
        } else if n >= 8 {
            let a = (s as *const u64).read_unaligned();
            let z = (s.add(n - 8) as *const u64).read_unaligned();
            (d as *mut u64).write_unaligned(a);
            (d.add(n - 8) as *mut u64).write_unaligned(z);
        } else if n >= 4 {
            let a = (s as *const u32).read_unaligned();
            let z = (s.add(n - 4) as *const u32).read_unaligned();
            (d as *mut u32).write_unaligned(a);
            (d.add(n - 4) as *mut u32).write_unaligned(z);
        } else if n > 0 {
            *d = *s;
            *d.add(n / 2) = *s.add(n / 2);
            *d.add(n - 1) = *s.add(n - 1);
        }
        v.set_len(len + n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_length_matches_push_str() {
        let src = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-é";
        for start in 0..3 {
            for n in 0..=40 {
                let s = &src[start..start + n];
                for prefix in ["", "x", "0123456"] {
                    let mut a = String::from(prefix);
                    let mut b = String::from(prefix);
                    put(&mut a, s);
                    b.push_str(s);
                    assert_eq!(a, b, "start {start} len {n} prefix {prefix:?}");
                }
            }
        }
        let mut a = String::new();
        put(&mut a, "é💥");
        assert_eq!(a, "é💥");
    }
}
