//! The answer lines of `check-access --flows` written in the engine (ABI.md §3 "Flow answers"):
//! the caller makes each distinct answer's text once (a verdict and its deciding term, an error
//! line) and numbers it; the engine then writes one line per record, `PREFIX` + line number +
//! answer, into one buffer. Copying ~100 bytes per line in JavaScript cost more than reading and
//! checking the line in the engine.

/// Bit of a record's code: the answer follows the table's prefix and the record's line number
/// (`FILE:LINE`); without it the answer is the whole line (JSON answers, error lines).
pub const NUMBERED: u32 = 1 << 31;

/// The answers of one run: their texts, numbered from 0, and the prefix of a numbered line.
pub struct Answers {
    prefix: Vec<u8>,
    /// Where each answer ends in `bytes` (it starts where the one before ends).
    ends: Vec<u32>,
    bytes: Vec<u8>,
}

fn word(b: &[u8], k: usize) -> Option<u32> {
    let w = b.get(4 * k..4 * k + 4)?;
    Some(u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
}

impl Answers {
    /// Reads a table: a little-endian u32 count `n`, the `n` answers' end offsets (u32, in
    /// increasing order, counted from the first answer's first byte), then the answers' bytes.
    /// `None` when it is not that.
    pub fn read(prefix: Vec<u8>, table: &[u8]) -> Option<Answers> {
        let n = word(table, 0)? as usize;
        let ends = (1..=n).map(|k| word(table, k)).collect::<Option<Vec<u32>>>()?;
        let bytes = table.get(4 * (n + 1)..)?.to_vec();
        let ordered = ends.windows(2).all(|w| w[0] <= w[1]);
        if !ordered || ends.last().map_or(false, |&e| e as usize > bytes.len()) {
            return None;
        }
        Some(Answers { prefix, ends, bytes })
    }

    /// Appends the line of each record of `records` (pairs of little-endian u32: the line number,
    /// then the code: an answer's number, with [`NUMBERED`] for `FILE:LINE` before it) to `out`,
    /// reserved first to its exact size. `Err(k)` when record `k` names no answer (nothing is
    /// written then).
    pub fn write(&self, records: &[u8], out: &mut Vec<u8>) -> Result<(), usize> {
        let mut size = 0;
        for (k, r) in records.chunks_exact(8).enumerate() {
            size += self.size(word(r, 0).unwrap_or(0), word(r, 1).unwrap_or(0)).ok_or(k)?;
        }
        out.reserve(size);
        for r in records.chunks_exact(8) {
            self.line(word(r, 0).unwrap_or(0), word(r, 1).unwrap_or(0), out);
        }
        Ok(())
    }

    /// The bytes of answer `id`, if there is one.
    fn answer(&self, id: usize) -> Option<&[u8]> {
        let end = *self.ends.get(id)? as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] as usize };
        Some(&self.bytes[start..end])
    }

    /// The length of one record's line; `None` when it names no answer.
    #[inline(never)]
    fn size(&self, line: u32, code: u32) -> Option<usize> {
        let answer = self.answer((code & !NUMBERED) as usize)?.len();
        if code & NUMBERED == 0 {
            return Some(answer);
        }
        let digits = (1..10).take_while(|&d| line >= 10u32.pow(d)).count() + 1;
        Some(self.prefix.len() + digits + answer)
    }

    /// Writes one record's line (whose answer exists: [`Answers::size`]). Never inlined into
    /// [`Answers::write`]: V8 runs a WebAssembly function's optimised code from its next call, so
    /// the per-line work is a function called per line (as `check::lines::Lines::scan`).
    #[inline(never)]
    fn line(&self, line: u32, code: u32, out: &mut Vec<u8>) {
        let answer = self.answer((code & !NUMBERED) as usize).unwrap_or(&[]);
        if code & NUMBERED != 0 {
            out.extend_from_slice(&self.prefix);
            let mut digits = [0u8; 10];
            let mut at = digits.len();
            let mut x = line;
            loop {
                at -= 1;
                digits[at] = b'0' + (x % 10) as u8;
                x /= 10;
                if x == 0 {
                    break;
                }
            }
            out.extend_from_slice(&digits[at..]);
        }
        out.extend_from_slice(answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(answers: &[&str]) -> Vec<u8> {
        let mut t = (answers.len() as u32).to_le_bytes().to_vec();
        let mut end = 0u32;
        for a in answers {
            end += a.len() as u32;
            t.extend_from_slice(&end.to_le_bytes());
        }
        for a in answers {
            t.extend_from_slice(a.as_bytes());
        }
        t
    }

    fn records(r: &[(u32, u32)]) -> Vec<u8> {
        r.iter().flat_map(|&(l, c)| l.to_le_bytes().into_iter().chain(c.to_le_bytes())).collect()
    }

    #[test]
    fn writes_numbered_and_whole_lines_in_order() {
        let a = Answers::read(b"f.jsonl:".to_vec(), &table(&[": PERMITTED\n", "", "{\"x\":1}\n"])).unwrap();
        let mut out = Vec::new();
        let r = records(&[(1, NUMBERED), (10, NUMBERED | 1), (4_294_967_295, NUMBERED), (7, 2), (0, NUMBERED)]);
        assert_eq!(a.write(&r, &mut out), Ok(()));
        let want = "f.jsonl:1: PERMITTED\nf.jsonl:10f.jsonl:4294967295: PERMITTED\n{\"x\":1}\nf.jsonl:0: PERMITTED\n";
        assert_eq!(out.capacity(), want.len(), "reserved exactly");
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }

    #[test]
    fn refuses_a_record_without_an_answer_and_a_malformed_table() {
        let a = Answers::read(Vec::new(), &table(&["a\n"])).unwrap();
        let mut out = Vec::new();
        assert_eq!(a.write(&records(&[(1, 0), (2, 1)]), &mut out), Err(1));
        assert!(out.is_empty(), "nothing written");
        assert!(Answers::read(Vec::new(), &[1, 0, 0]).is_none(), "short count");
        assert!(Answers::read(Vec::new(), &[1, 0, 0, 0, 5, 0, 0, 0, b'a']).is_none(), "end past the bytes");
        let mut t = table(&["ab", "c"]);
        t[4] = 4; // the first answer ends after the second
        assert!(Answers::read(Vec::new(), &t).is_none(), "ends out of order");
        assert!(Answers::read(Vec::new(), &table(&[])).is_some());
    }
}
