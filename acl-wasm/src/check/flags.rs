//! Junos tcp-flags expressions (`syn & !ack`, `(ack | rst)`) compiled into a 64-entry truth
//! table over the six flag bits of the flow layout (fin 1, syn 2, rst 4, push 8, ack 16, urg 32).

use crate::tables::TCP_FLAGS;

struct P<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> P<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && (self.s[self.i] == b' ' || self.s[self.i] == b'\t') {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    /// or := and ('|' and)*
    fn or(&mut self) -> Result<u64, String> {
        let mut v = self.and()?;
        while self.peek() == Some(b'|') {
            self.i += 1;
            v |= self.and()?;
        }
        Ok(v)
    }

    /// and := unary (('&' | ',') unary)*
    fn and(&mut self) -> Result<u64, String> {
        let mut v = self.unary()?;
        while matches!(self.peek(), Some(b'&') | Some(b',')) {
            self.i += 1;
            v &= self.unary()?;
        }
        Ok(v)
    }

    fn unary(&mut self) -> Result<u64, String> {
        match self.peek() {
            Some(b'!') => {
                self.i += 1;
                Ok(!self.unary()?)
            }
            Some(b'(') => {
                self.i += 1;
                let v = self.or()?;
                if self.peek() != Some(b')') {
                    return Err("expected ')'".into());
                }
                self.i += 1;
                Ok(v)
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let st = self.i;
                while self.i < self.s.len() && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'-') {
                    self.i += 1;
                }
                let w = std::str::from_utf8(&self.s[st..self.i]).unwrap_or("");
                match TCP_FLAGS.iter().find(|(n, _)| *n == w) {
                    Some(&(_, bit)) => Ok(table_of(bit)),
                    None => Err(format!("unknown flag '{}'", w)),
                }
            }
            Some(c) => Err(format!("unexpected '{}'", c as char)),
            None => Err("expected a flag".into()),
        }
    }
}

/// Truth table of "flag `bit` is set".
fn table_of(bit: u8) -> u64 {
    let mut t = 0u64;
    for f in 0..64u32 {
        if f as u8 & bit != 0 {
            t |= 1 << f;
        }
    }
    t
}

/// Parses an expression into its truth table.
pub fn parse(expr: &str) -> Result<u64, String> {
    let mut p = P { s: expr.as_bytes(), i: 0 };
    let v = p.or()?;
    if p.peek().is_some() {
        return Err(format!("unexpected '{}'", &expr[p.i..]));
    }
    Ok(v)
}

/// Evaluates a truth table for the given flags.
#[inline]
pub fn eval(table: u64, flags: u8) -> bool {
    (table >> (flags & 63)) & 1 == 1
}

/// The IOS flag words, by bit (the flow layout's order).
const IOS_WORDS: [(u8, &str); 6] = [(1, "fin"), (2, "syn"), (4, "rst"), (8, "psh"), (16, "ack"), (32, "urg")];

/// The Junos flag word of an IOS one (`psh` → `push`, `urg` → `urgent`).
pub fn junos_word(ios: &str) -> &'static str {
    match ios {
        "fin" => "fin",
        "syn" => "syn",
        "rst" => "rst",
        "psh" => "push",
        "ack" => "ack",
        _ => "urgent",
    }
}

/// How far an IOS-family writer can write tcp flags (besides `established`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagForms {
    /// Not at all.
    None,
    /// Flag words that must all be set (`ack`, `syn fin`): EOS, IOS-XR.
    Words,
    /// Also `match-all +f -g` and `match-any +f -g` (IOS / IOS-XE).
    Match,
}

/// The literals of a conjunction equal to `table`: (bit, set), or `None` when it is not one.
fn conjunction(table: u64) -> Option<Vec<(u8, bool)>> {
    if table == 0 {
        return None;
    }
    let mut lits = Vec::new();
    let mut built = !0u64;
    for &(bit, _) in &IOS_WORDS {
        let set = table_of(bit);
        if table & !set == 0 {
            lits.push((bit, true));
            built &= set;
        } else if table & set == 0 {
            lits.push((bit, false));
            built &= !set;
        }
    }
    if built == table && !lits.is_empty() {
        Some(lits)
    } else {
        None
    }
}

fn word(bit: u8) -> &'static str {
    IOS_WORDS.iter().find(|(b, _)| *b == bit).map(|(_, w)| *w).unwrap_or("?")
}

fn signed(lits: &[(u8, bool)], flip: bool) -> String {
    lits.iter().map(|&(b, set)| format!("{}{}", if set != flip { '+' } else { '-' }, word(b))).collect::<Vec<_>>().join(" ")
}

/// The IOS text of a tcp-flags expression (`ack`, `syn fin`, `match-all +syn -ack`,
/// `match-any +ack +rst`), or `None` when `forms` cannot express it (or it does not parse).
pub fn ios_text(expr: &str, forms: FlagForms) -> Option<String> {
    if forms == FlagForms::None {
        return None;
    }
    let t = parse(expr).ok()?;
    if let Some(l) = conjunction(t) {
        if l.iter().all(|&(_, set)| set) {
            return Some(l.iter().map(|&(b, _)| word(b)).collect::<Vec<_>>().join(" "));
        }
        if forms == FlagForms::Match {
            return Some(format!("match-all {}", signed(&l, false)));
        }
        return None;
    }
    if forms != FlagForms::Match {
        return None;
    }
    // a disjunction of literals is the complement of a conjunction of their negations
    conjunction(!t).map(|l| format!("match-any {}", signed(&l, true)))
}

fn bit_of(ios: &str) -> u8 {
    IOS_WORDS.iter().find(|(_, w)| *w == ios).map(|(b, _)| *b).unwrap_or(0)
}

/// The Junos expression of IOS flag options: `words` (`ack`, `syn`: all set) and `matches`
/// (`match-any` when true, with signed flags `+syn` / `-ack`), all of which must hold. Flags are
/// written in the flow layout's order, so that equal options give equal expressions.
pub fn from_ios(words: &[String], matches: &[(bool, Vec<String>)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut w: Vec<u8> = words.iter().map(|x| bit_of(x)).collect();
    w.sort_unstable();
    w.dedup();
    parts.extend(w.iter().map(|&b| junos_word(word(b)).to_string()));
    for (any, signs) in matches {
        let mut lits: Vec<(u8, bool)> = signs.iter().map(|s| (bit_of(&s[1..]), s.starts_with('+'))).collect();
        lits.sort_unstable();
        lits.dedup();
        let text: Vec<String> = lits.iter().map(|&(b, set)| format!("{}{}", if set { "" } else { "!" }, junos_word(word(b)))).collect();
        if *any && text.len() > 1 {
            parts.push(format!("({})", text.join(" | ")));
        } else {
            parts.extend(text);
        }
    }
    parts.join(" & ")
}

/// Parses a Junos `fragment-flags` expression (`dont-fragment & !more-fragments`) into a truth
/// table over more-fragments 1, dont-fragment 2, reserved 4.
pub fn parse_fragment(expr: &str) -> Result<u64, String> {
    for w in expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).filter(|w| !w.is_empty()) {
        if !matches!(w, "more-fragments" | "dont-fragment" | "reserved") {
            return Err(format!("unknown fragment flag '{}'", w));
        }
    }
    parse(&expr.replace("more-fragments", "fin").replace("dont-fragment", "syn").replace("reserved", "rst"))
}
