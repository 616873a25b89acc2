//! A scoped bump arena for one bulk call. `acl_convert` builds the whole IR of its input, writes
//! it out, and drops it: for a large list that is millions of small allocations and as many
//! frees, and a last walk over every term only to free it. Inside [`scope`] (WebAssembly builds
//! only) every allocation is bumped from a few large chunks, frees are no-ops, and the IR can be
//! forgotten at the end. When the scope ends the first chunk is kept for the next one (emptied)
//! and the others go back to the system allocator.
//!
//! Rules for code inside a scope: nothing allocated there may outlive it. What must leave it is
//! allocated or copied in [`outside`] (the system allocator), and it may grow there or later:
//! reallocating a system pointer always stays with the system allocator. Native builds run the
//! same code without the arena (their tests exercise [`Bump`] directly).

use std::alloc::{GlobalAlloc, Layout, System};

/// Chunks per scope: the first is sized from the input, the next ones grow from it.
const MAX_CHUNKS: usize = 8;

/// Bump allocation over up to [`MAX_CHUNKS`] chunks taken from the system allocator.
pub struct Bump {
    chunks: [(usize, usize); MAX_CHUNKS],
    count: usize,
    top: usize,
    /// Some allocation did not fit (chunks ran out or the system allocator refused one).
    pub spilled: bool,
}

/// Alignment of every chunk.
const CHUNK_ALIGN: usize = 16;

impl Bump {
    /// No chunks.
    pub const EMPTY: Bump = Bump { chunks: [(0, 0); MAX_CHUNKS], count: 0, top: 0, spilled: false };

    /// Takes a first chunk of `size` bytes (at least 64 KiB); `false` if the system refused it.
    ///
    /// # Safety
    /// Must not be called while chunks are held (call [`Bump::release`] first).
    pub unsafe fn start(&mut self, size: usize) -> bool {
        *self = Bump::EMPTY;
        self.add_chunk(size.max(1 << 16))
    }

    unsafe fn add_chunk(&mut self, size: usize) -> bool {
        if self.count == MAX_CHUNKS {
            return false;
        }
        let p = System.alloc(Layout::from_size_align_unchecked(size, CHUNK_ALIGN)) as usize;
        if p == 0 {
            return false;
        }
        self.chunks[self.count] = (p, p + size);
        self.count += 1;
        self.top = p;
        true
    }

    /// Whether `p` lies in one of the chunks.
    pub fn owns(&self, p: *mut u8) -> bool {
        let a = p as usize;
        self.chunks[..self.count].iter().any(|&(s, e)| a >= s && a < e)
    }

    /// Bytes handed out so far in all chunks (for tests and statistics).
    pub fn used(&self) -> usize {
        match self.count {
            0 => 0,
            n => self.chunks[..n - 1].iter().map(|&(s, e)| e - s).sum::<usize>() + (self.top - self.chunks[n - 1].0),
        }
    }

    /// Bump-allocates; null when nothing fits (the caller then asks the system allocator).
    ///
    /// # Safety
    /// `l` must have a non-zero size.
    pub unsafe fn alloc(&mut self, l: Layout) -> *mut u8 {
        loop {
            if self.count > 0 {
                let end = self.chunks[self.count - 1].1;
                let p = (self.top + l.align() - 1) & !(l.align() - 1);
                if p <= end && end - p >= l.size() {
                    self.top = p + l.size();
                    return p as *mut u8;
                }
            }
            // chunks double up to 16 MiB, then keep the size of the last one
            let last = if self.count > 0 { self.chunks[self.count - 1].1 - self.chunks[self.count - 1].0 } else { 1 << 16 };
            let next = if last < 16 << 20 { last * 2 } else { last };
            let want = next.max(l.size() + l.align());
            if !self.add_chunk(want) {
                self.spilled = true;
                return std::ptr::null_mut();
            }
        }
    }

    /// Frees: only the most recent allocation gives its room back.
    ///
    /// # Safety
    /// `p` must come from [`Bump::alloc`] with layout `l`.
    pub unsafe fn dealloc(&mut self, p: *mut u8, l: Layout) {
        if p as usize + l.size() == self.top {
            self.top = p as usize;
        }
    }

    /// Grows or shrinks in place when `p` is the most recent allocation and the chunk has room;
    /// shrinks any other block in place; else moves it (into the arena, or to the system
    /// allocator when the arena is full).
    ///
    /// # Safety
    /// `p` must come from [`Bump::alloc`] with layout `l`; `new_size` must be non-zero.
    pub unsafe fn realloc(&mut self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        let a = p as usize;
        let end = self.chunks[self.count - 1].1;
        if a + l.size() == self.top && a <= end && end - a >= new_size {
            self.top = a + new_size;
            return p;
        }
        if new_size <= l.size() {
            return p; // shrinking elsewhere: the block keeps its room (freed with the scope)
        }
        let nl = Layout::from_size_align_unchecked(new_size, l.align());
        let mut q = self.alloc(nl);
        if q.is_null() {
            q = System.alloc(nl);
        }
        if !q.is_null() {
            std::ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
        }
        q
    }

    /// Keeps the first chunk for the next scope (emptied) and gives the others back.
    ///
    /// # Safety
    /// Nothing allocated from the chunks may be used afterwards.
    pub unsafe fn keep_first(&mut self) {
        if self.count == 0 {
            return;
        }
        for &(s, e) in &self.chunks[1..self.count] {
            System.dealloc(s as *mut u8, Layout::from_size_align_unchecked(e - s, CHUNK_ALIGN));
        }
        let first = self.chunks[0];
        *self = Bump::EMPTY;
        self.chunks[0] = first;
        self.count = 1;
        self.top = first.0;
    }

    /// The size of the first chunk (0 without chunks).
    pub fn first_size(&self) -> usize {
        if self.count == 0 {
            0
        } else {
            self.chunks[0].1 - self.chunks[0].0
        }
    }

    /// Gives every chunk back to the system allocator.
    ///
    /// # Safety
    /// Nothing allocated from the chunks may be used afterwards.
    pub unsafe fn release(&mut self) {
        for &(s, e) in &self.chunks[..self.count] {
            System.dealloc(s as *mut u8, Layout::from_size_align_unchecked(e - s, CHUNK_ALIGN));
        }
        *self = Bump::EMPTY;
    }
}

#[cfg(target_arch = "wasm32")]
mod global {
    use super::Bump;
    use std::alloc::{GlobalAlloc, Layout, System};

    /// The module's allocator: the system allocator, or the arena inside a scope.
    struct Scoped;

    // SAFETY (all `static mut` below): wasm32-unknown-unknown runs one thread, and the allocator
    // never calls back into itself while one of these is borrowed.
    pub(super) static mut ARENA: Bump = Bump::EMPTY;
    pub(super) static mut ON: bool = false;

    unsafe impl GlobalAlloc for Scoped {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            if ON {
                let p = ARENA.alloc(l);
                if !p.is_null() {
                    return p;
                }
            }
            System.alloc(l)
        }

        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            if ARENA.count > 0 && ARENA.owns(p) {
                return ARENA.dealloc(p, l);
            }
            System.dealloc(p, l)
        }

        unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            if ARENA.count > 0 && ARENA.owns(p) {
                if ON {
                    return ARENA.realloc(p, l, new_size);
                }
                // an arena block grown outside the arena moves to the system allocator
                let q = System.alloc(Layout::from_size_align_unchecked(new_size, l.align()));
                if !q.is_null() {
                    std::ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
                }
                return q;
            }
            System.realloc(p, l, new_size)
        }
    }

    #[global_allocator]
    static GLOBAL: Scoped = Scoped;
}

/// Runs `f` with allocations bumped from an arena whose first chunk has at least `size_hint`
/// bytes (WebAssembly only; elsewhere `f` just runs). Scopes do not nest: an inner call just
/// runs `f`.
pub fn scope<R>(size_hint: usize, f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "wasm32")]
    // SAFETY: see `global`; the chunks are released only after `f` returned, and the rules of
    // this module keep everything allocated in them inside `f`.
    unsafe {
        if global::ON {
            return f();
        }
        // the first chunk is kept between scopes: taking it anew each time moved the heap
        // around, and fresh WebAssembly pages cost a page fault each on first touch
        if global::ARENA.first_size() < size_hint {
            global::ARENA.release();
            if !global::ARENA.start(size_hint) {
                return f();
            }
        }
        global::ON = true;
        let r = f();
        global::ON = false;
        global::ARENA.keep_first();
        r
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = size_hint;
        f()
    }
}

/// Runs `f` with the system allocator, inside a scope too: for what must outlive the scope.
pub fn outside<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "wasm32")]
    // SAFETY: see `global`.
    unsafe {
        let was = global::ON;
        global::ON = false;
        let r = f();
        global::ON = was;
        r
    }
    #[cfg(not(target_arch = "wasm32"))]
    f()
}

/// Whether allocations now come from the arena (inside a scope, not spilled to the system
/// allocator): where shrinking the newest block in place gives its tail back at no cost.
pub fn bumping() -> bool {
    forgettable()
}

/// Whether values built so far in the current scope may be forgotten instead of dropped: true
/// inside an arena scope where every allocation came from the arena (nothing to free).
pub fn forgettable() -> bool {
    #[cfg(target_arch = "wasm32")]
    // SAFETY: see `global`.
    unsafe {
        global::ON && !global::ARENA.spilled
    }
    #[cfg(not(target_arch = "wasm32"))]
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn blocks_keep_their_bytes_and_never_overlap() {
        let mut r = Rng(0x9e3779b97f4a7c15);
        // SAFETY: every block is used only with its own layout and before `release`.
        unsafe {
            let mut b = Bump::EMPTY;
            assert!(b.start(1 << 16));
            let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
            for i in 0..20_000u32 {
                let tag = (i % 251) as u8;
                match r.below(10) {
                    0..=5 => {
                        let l = Layout::from_size_align(1 + r.below(300) as usize, 1 << r.below(5)).unwrap();
                        let p = b.alloc(l);
                        assert!(!p.is_null());
                        assert_eq!(p as usize % l.align(), 0);
                        std::ptr::write_bytes(p, tag, l.size());
                        live.push((p, l, tag));
                    }
                    6 | 7 if !live.is_empty() => {
                        let k = r.below(live.len() as u64) as usize;
                        let (p, l, t) = live.swap_remove(k);
                        let n = 1 + r.below(600) as usize;
                        let q = b.realloc(p, l, n);
                        assert!(!q.is_null());
                        let keep = l.size().min(n);
                        assert!((0..keep).all(|j| *q.add(j) == t), "realloc lost bytes");
                        let nl = Layout::from_size_align(n, l.align()).unwrap();
                        if !b.owns(q) {
                            System.dealloc(q, nl); // moved to the system allocator: not ours
                            continue;
                        }
                        std::ptr::write_bytes(q, t, n);
                        live.push((q, nl, t));
                    }
                    _ if !live.is_empty() => {
                        let (p, l, _) = live.pop().unwrap();
                        b.dealloc(p, l);
                    }
                    _ => {}
                }
            }
            for &(p, l, t) in &live {
                assert!((0..l.size()).all(|j| *p.add(j) == t), "a block was overwritten");
            }
            let mut spans: Vec<(usize, usize)> = live.iter().map(|&(p, l, _)| (p as usize, p as usize + l.size())).collect();
            spans.sort_unstable();
            assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "blocks overlap");
            assert!(b.count > 1, "the first 64 KiB chunk should have been outgrown");
            assert!(b.used() > 0);
            b.release();
            assert_eq!(b.count, 0);
        }
    }

    #[test]
    fn the_last_block_grows_in_place_and_frees_its_room() {
        // SAFETY: as above.
        unsafe {
            let mut b = Bump::EMPTY;
            assert!(b.start(1 << 16));
            let l = Layout::from_size_align(100, 8).unwrap();
            let p = b.alloc(l);
            let q = b.realloc(p, l, 1000);
            assert_eq!(p, q, "the most recent block grows where it is");
            b.dealloc(q, Layout::from_size_align(1000, 8).unwrap());
            assert_eq!(b.used(), 0, "freeing the most recent block gives its room back");
            b.release();
        }
    }

    #[test]
    fn keep_first_empties_the_first_chunk_and_frees_the_rest() {
        // SAFETY: as above.
        unsafe {
            let mut b = Bump::EMPTY;
            assert!(b.start(1 << 16));
            let big = Layout::from_size_align(1 << 17, 8).unwrap();
            assert!(!b.alloc(big).is_null());
            assert_eq!(b.count, 2);
            b.keep_first();
            assert_eq!((b.count, b.used(), b.first_size()), (1, 0, 1 << 16));
            assert!(!b.alloc(Layout::from_size_align(64, 8).unwrap()).is_null());
            b.release();
            assert_eq!(b.first_size(), 0);
        }
    }

    #[test]
    fn chunks_run_out_then_allocations_spill() {
        // SAFETY: as above.
        unsafe {
            let mut b = Bump::EMPTY;
            assert!(b.start(1 << 16));
            let huge = Layout::from_size_align(1 << 20, 8).unwrap();
            let mut n = 0;
            while !b.alloc(huge).is_null() {
                n += 1;
                assert!(n < 10_000);
            }
            assert!(b.spilled);
            assert_eq!(b.count, MAX_CHUNKS);
            b.release();
        }
    }
}
