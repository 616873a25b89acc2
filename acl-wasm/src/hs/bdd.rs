//! A small reduced ordered binary decision diagram (BDD) package: hash-consed nodes, memoised
//! `and` / `or` / `diff`, and the few queries header-space analysis needs (satisfying
//! assignments, membership, support). Node 0 is the empty set, node 1 the full set.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A BDD node id.
pub type Node = u32;
/// The empty set.
pub const FALSE: Node = 0;
/// Every packet.
pub const TRUE: Node = 1;
const TERMINAL: u32 = u32::MAX;
const CACHE_BITS: u32 = 18;

/// A multiplicative hasher for small integer keys (the tables are hit millions of times).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(26) ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type Fast = BuildHasherDefault<FastHasher>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Entry {
    var: u32,
    lo: Node,
    hi: Node,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    And,
    Or,
    Diff,
}

/// A well-mixed hash of a node's triple (murmur3's finaliser).
#[inline]
fn hash3(var: u32, lo: Node, hi: Node) -> u64 {
    let mut h = ((var as u64) << 42) ^ ((lo as u64) << 21) ^ (hi as u64) ^ ((lo as u64) >> 43);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The node store: every set built during one analysis lives here.
pub struct Bdd {
    nodes: Vec<Entry>,
    /// Unique table: open addressing over node ids (0 = empty slot), at most half full.
    unique: Vec<Node>,
    /// Operation cache: direct-mapped and lossy (a miss only costs a recomputation).
    memo: Vec<(u32, Node, Node, Node)>,
    /// Node budget: past it, [`Bdd::over_budget`] turns true (operations still complete).
    pub budget: usize,
}

impl Default for Bdd {
    fn default() -> Self {
        Bdd::new()
    }
}

impl Bdd {
    /// An empty store holding the two terminals.
    pub fn new() -> Bdd {
        let t = Entry { var: TERMINAL, lo: 0, hi: 0 };
        Bdd { nodes: vec![t, t], unique: vec![0; 1 << 16], memo: vec![(u32::MAX, 0, 0, 0); 1 << CACHE_BITS], budget: 8_000_000 }
    }

    /// How many nodes exist.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Never true: the terminals always exist.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// More nodes than the budget.
    pub fn over_budget(&self) -> bool {
        self.nodes.len() > self.budget
    }

    /// The variable of a node (`u32::MAX` for terminals).
    #[inline]
    pub fn var(&self, n: Node) -> u32 {
        self.nodes[n as usize].var
    }

    /// The children (`lo`: variable 0, `hi`: variable 1).
    #[inline]
    pub fn children(&self, n: Node) -> (Node, Node) {
        let e = self.nodes[n as usize];
        (e.lo, e.hi)
    }

    /// The node testing `var` with these children (reduced and shared).
    pub fn mk(&mut self, var: u32, lo: Node, hi: Node) -> Node {
        if lo == hi {
            return lo;
        }
        let e = Entry { var, lo, hi };
        let mask = self.unique.len() - 1;
        let mut i = hash3(var, lo, hi) as usize & mask;
        loop {
            let n = self.unique[i];
            if n == 0 {
                break;
            }
            if self.nodes[n as usize] == e {
                return n;
            }
            i = (i + 1) & mask;
        }
        let n = self.nodes.len() as Node;
        self.nodes.push(e);
        self.unique[i] = n;
        if self.nodes.len() * 2 > self.unique.len() {
            self.grow();
        }
        n
    }

    fn grow(&mut self) {
        let size = self.unique.len() * 2;
        let mut t = vec![0; size];
        for (n, e) in self.nodes.iter().enumerate().skip(2) {
            let mut i = hash3(e.var, e.lo, e.hi) as usize & (size - 1);
            while t[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            t[i] = n as Node;
        }
        self.unique = t;
    }

    /// Intersection.
    pub fn and(&mut self, a: Node, b: Node) -> Node {
        self.apply(Op::And, a, b)
    }

    /// Union.
    pub fn or(&mut self, a: Node, b: Node) -> Node {
        self.apply(Op::Or, a, b)
    }

    /// `a` without `b`.
    pub fn diff(&mut self, a: Node, b: Node) -> Node {
        self.apply(Op::Diff, a, b)
    }

    /// Complement.
    pub fn not(&mut self, a: Node) -> Node {
        self.apply(Op::Diff, TRUE, a)
    }

    fn apply(&mut self, op: Op, a: Node, b: Node) -> Node {
        match op {
            Op::And => {
                if a == FALSE || b == FALSE {
                    return FALSE;
                }
                if a == TRUE || a == b {
                    return b;
                }
                if b == TRUE {
                    return a;
                }
            }
            Op::Or => {
                if a == TRUE || b == TRUE {
                    return TRUE;
                }
                if a == FALSE || a == b {
                    return b;
                }
                if b == FALSE {
                    return a;
                }
            }
            Op::Diff => {
                if a == FALSE || b == TRUE || a == b {
                    return FALSE;
                }
                if b == FALSE {
                    return a;
                }
            }
        }
        let (a, b) = if op != Op::Diff && a > b { (b, a) } else { (a, b) };
        let slot = ((((a as u64) << 32 | b as u64) ^ (op as u64) << 61).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - CACHE_BITS)) as usize;
        let c = self.memo[slot];
        if c.0 == op as u32 && c.1 == a && c.2 == b {
            return c.3;
        }
        let ea = self.nodes[a as usize];
        let eb = self.nodes[b as usize];
        let var = ea.var.min(eb.var);
        let (al, ah) = if ea.var == var { (ea.lo, ea.hi) } else { (a, a) };
        let (bl, bh) = if eb.var == var { (eb.lo, eb.hi) } else { (b, b) };
        let lo = self.apply(op, al, bl);
        let hi = self.apply(op, ah, bh);
        let r = self.mk(var, lo, hi);
        self.memo[slot] = (op as u32, a, b, r);
        r
    }

    /// Does the assignment `bit(var)` lie in the set?
    pub fn contains(&self, mut n: Node, bit: impl Fn(u32) -> bool) -> bool {
        while n > TRUE {
            let e = self.nodes[n as usize];
            n = if bit(e.var) { e.hi } else { e.lo };
        }
        n == TRUE
    }

    /// One member: at each test, the branch `prefer(var)` names when it is non-empty. Variables
    /// the path does not test take `prefer`'s value too. `None` for the empty set.
    pub fn pick(&self, mut n: Node, prefer: impl Fn(u32) -> bool) -> Option<Vec<(u32, bool)>> {
        if n == FALSE {
            return None;
        }
        let mut path = Vec::new();
        while n > TRUE {
            let e = self.nodes[n as usize];
            let want = prefer(e.var);
            let (first, second) = if want { (e.hi, e.lo) } else { (e.lo, e.hi) };
            let bit = if first != FALSE { want } else { !want };
            path.push((e.var, bit));
            n = if bit { e.hi } else { e.lo };
            let _ = second;
        }
        Some(path)
    }

    /// The variables a set depends on, as a sorted list.
    pub fn support(&self, n: Node) -> Vec<u32> {
        let mut seen = std::collections::HashSet::<Node, Fast>::default();
        let mut vars = std::collections::BTreeSet::new();
        let mut stack = vec![n];
        while let Some(x) = stack.pop() {
            if x <= TRUE || !seen.insert(x) {
                continue;
            }
            let e = self.nodes[x as usize];
            vars.insert(e.var);
            stack.push(e.lo);
            stack.push(e.hi);
        }
        vars.into_iter().collect()
    }

    /// `x` in `[lo, hi]` where `x`'s bits are the variables `vars` (most significant first).
    pub fn range(&mut self, vars: &[u32], lo: u128, hi: u128) -> Node {
        let w = vars.len();
        let max = if w >= 128 { u128::MAX } else { (1u128 << w) - 1 };
        let (lo, hi) = (lo.min(max), hi.min(max));
        if lo > hi {
            return FALSE;
        }
        self.range_from(vars, 0, lo, hi, true, true)
    }

    /// The values of bits `b..` of `x` with `x >= lo` still to check when `tl`, `x <= hi` when
    /// `th` (the bits before are equal to `lo`'s / `hi`'s): at most two paths are tight.
    fn range_from(&mut self, vars: &[u32], b: usize, lo: u128, hi: u128, tl: bool, th: bool) -> Node {
        if b == vars.len() || (!tl && !th) {
            return TRUE;
        }
        let shift = vars.len() - 1 - b;
        let (lb, hb) = ((lo >> shift) & 1, (hi >> shift) & 1);
        let mut child = [FALSE; 2];
        for v in 0..2u128 {
            if (tl && v < lb) || (th && v > hb) {
                continue;
            }
            child[v as usize] = self.range_from(vars, b + 1, lo, hi, tl && v == lb, th && v == hb);
        }
        self.mk(vars[b], child[0], child[1])
    }

    /// `x` with its `TRUE` leaf replaced by `next`: the conjunction of `x` with a set over
    /// variables that all come after `x`'s.
    pub fn stack(&mut self, x: Node, next: Node) -> Node {
        if next == TRUE || x <= TRUE {
            return if x == TRUE { next } else { x };
        }
        let mut memo: HashMap<Node, Node, Fast> = HashMap::default();
        self.stack_rec(x, next, &mut memo)
    }

    fn stack_rec(&mut self, x: Node, next: Node, memo: &mut HashMap<Node, Node, Fast>) -> Node {
        if x == TRUE {
            return next;
        }
        if x == FALSE {
            return FALSE;
        }
        if let Some(&r) = memo.get(&x) {
            return r;
        }
        let e = self.nodes[x as usize];
        let lo = self.stack_rec(e.lo, next, memo);
        let hi = self.stack_rec(e.hi, next, memo);
        let r = self.mk(e.var, lo, hi);
        memo.insert(x, r);
        r
    }

    /// `x & care == value & care` over `vars` (most significant first): prefixes and wildcards.
    pub fn pattern(&mut self, vars: &[u32], value: u128, care: u128) -> Node {
        let w = vars.len();
        let mut r = TRUE;
        for (i, &v) in vars.iter().enumerate().rev() {
            let b = w - 1 - i;
            if (care >> b) & 1 == 0 {
                continue;
            }
            r = if (value >> b) & 1 == 1 { self.mk(v, FALSE, r) } else { self.mk(v, r, FALSE) };
        }
        r
    }
}

