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
                let w = match w {
                    "urg" => "urgent",
                    "psh" => "push",
                    x => x,
                };
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
