//! IPv4/IPv6 prefixes and IPv4 wildcard masks: fast parsing, canonical printing, matching.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt::Write as _;
use std::net::Ipv6Addr;

/// A prefix: IPv4 addresses live in the low 32 bits of `addr`. Host bits are always clear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Net {
    /// IPv6?
    pub v6: bool,
    /// Address bits.
    pub addr: u128,
    /// Prefix length.
    pub len: u8,
}

/// An address match value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    /// The prefix (for a wildcard: the base address as /32).
    pub net: Net,
    /// Non-contiguous IPv4 wildcard (inverse) mask.
    pub wildcard: Option<u32>,
    /// Junos `except`.
    pub except: bool,
    /// Junos `inactive:`.
    pub inactive: bool,
}

/// Mask of the top `len` bits of a `bits`-wide address.
pub fn mask(v6: bool, len: u8) -> u128 {
    let bits: u32 = if v6 { 128 } else { 32 };
    let len = (len as u32).min(bits);
    if len == 0 {
        return 0;
    }
    let full: u128 = if v6 { u128::MAX } else { 0xffff_ffff };
    (full >> (bits - len) << (bits - len)) & full
}

impl Net {
    /// Builds a prefix, clearing host bits.
    pub fn new(v6: bool, addr: u128, len: u8) -> Net {
        Net { v6, addr: addr & mask(v6, len), len }
    }

    /// The catch-all `0.0.0.0/0`.
    pub fn any4() -> Net {
        Net { v6: false, addr: 0, len: 0 }
    }

    /// Does this prefix contain the address?
    #[inline]
    pub fn contains(&self, v6: bool, a: u128) -> bool {
        self.v6 == v6 && (a & mask(v6, self.len)) == self.addr
    }

    /// Maximal length (32 or 128).
    pub fn max_len(&self) -> u8 {
        if self.v6 {
            128
        } else {
            32
        }
    }

    /// Writes the bare address.
    pub fn write_addr(&self, out: &mut String) {
        if self.v6 {
            let _ = write!(out, "{}", Ipv6Addr::from(self.addr));
        } else {
            write_v4(out, self.addr as u32);
        }
    }
}

/// Writes a dotted quad (one append).
pub fn write_v4(out: &mut String, a: u32) {
    let mut buf = [0u8; 15];
    let mut n = 0;
    for (i, x) in a.to_be_bytes().iter().enumerate() {
        if i > 0 {
            buf[n] = b'.';
            n += 1;
        }
        let x = *x;
        if x >= 100 {
            buf[n] = b'0' + x / 100;
            n += 1;
        }
        if x >= 10 {
            buf[n] = b'0' + (x / 10) % 10;
            n += 1;
        }
        buf[n] = b'0' + x % 10;
        n += 1;
    }
    push_ascii(out, &buf[..n]);
}

/// Appends ASCII bytes.
fn push_ascii(out: &mut String, b: &[u8]) {
    debug_assert!(b.is_ascii());
    // SAFETY: callers pass ASCII digits and dots only, which keeps the String valid UTF-8.
    crate::put::put_bytes(unsafe { out.as_mut_vec() }, b);
}

/// Writes a decimal number without `fmt` (itoa-style).
pub fn write_u32(out: &mut String, mut v: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    push_ascii(out, &buf[i..]);
}

/// Parses a dotted quad strictly (four octets 0..255).
pub fn parse_v4(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    let mut out: u32 = 0;
    let mut parts = 0;
    let mut cur: u32 = 0;
    let mut digits = 0;
    for &c in b {
        if c.is_ascii_digit() {
            cur = cur * 10 + (c - b'0') as u32;
            digits += 1;
            if digits > 3 || cur > 255 {
                return None;
            }
        } else if c == b'.' {
            if digits == 0 {
                return None;
            }
            out = (out << 8) | cur;
            parts += 1;
            cur = 0;
            digits = 0;
        } else {
            return None;
        }
    }
    if digits == 0 || parts != 3 {
        return None;
    }
    Some((out << 8) | cur)
}

/// Parses a Junos-style IPv4 with missing octets (`10`, `172.16`) zero-filled.
fn parse_v4_short(s: &str) -> Option<u32> {
    let n = s.split('.').count();
    if n == 0 || n > 4 {
        return None;
    }
    if n == 4 {
        return parse_v4(s);
    }
    let mut out = 0u32;
    let mut k = 0;
    for p in s.split('.') {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let v: u32 = p.parse().ok()?;
        if v > 255 {
            return None;
        }
        out = (out << 8) | v;
        k += 1;
    }
    Some(out << (8 * (4 - k)))
}

/// Why an address did not parse.
pub type AddrError = String;

/// Parses `A`, `A/len` (IPv4, shorthand IPv4 like `10/8`, or IPv6). Host bits are cleared.
pub fn parse_prefix(s: &str) -> Result<Net, AddrError> {
    let (a, l) = match s.find('/') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let v6 = a.contains(':');
    let addr: u128 = if v6 {
        match a.parse::<Ipv6Addr>() {
            Ok(x) => u128::from(x),
            Err(_) => return Err(format!("'{}' is not a valid IPv6 address", a)),
        }
    } else {
        let p = if l.is_some() { parse_v4_short(a) } else { parse_v4(a) };
        match p {
            Some(x) => x as u128,
            None => return Err(format!("'{}' is not a valid IPv4 address", a)),
        }
    };
    let max = if v6 { 128 } else { 32 };
    let len = match l {
        None => max,
        Some(l) => match l.parse::<u32>() {
            Ok(n) if n <= max as u32 && !l.is_empty() && l.len() <= 3 => n as u8,
            _ => return Err(format!("prefix length '/{}' is out of range 0-{}", l, max)),
        },
    };
    Ok(Net::new(v6, addr, len))
}

/// Turns IOS `base wildcard` into an address: a contiguous mask becomes a prefix, a
/// non-contiguous one is kept exactly.
pub fn from_wildcard(base: u32, wild: u32) -> Address {
    let inv = !wild;
    // contiguous iff the inverse is a run of ones from the top
    let contiguous = inv.leading_ones() + inv.trailing_zeros() == 32 || inv == 0;
    if contiguous {
        let len = inv.leading_ones() as u8;
        Address::plain(Net::new(false, base as u128, len))
    } else {
        Address {
            net: Net::new(false, (base & !wild) as u128, 32),
            wildcard: Some(wild),
            except: false,
            inactive: false,
        }
    }
}

/// A netmask (`255.255.255.0`, ASA and IOS object groups) as a prefix; `None` when the mask is
/// not contiguous.
pub fn from_netmask(base: u32, netmask: u32) -> Option<Address> {
    let len = netmask.leading_ones();
    if netmask.checked_shl(len).unwrap_or(0) != 0 {
        return None;
    }
    Some(Address::plain(Net::new(false, base as u128, len as u8)))
}

/// The fewest prefixes covering the addresses `lo..=hi` exactly (an address range, `range A B`).
pub fn range_prefixes(v6: bool, lo: u128, hi: u128) -> Vec<Net> {
    let bits: u32 = if v6 { 128 } else { 32 };
    let mut out = Vec::new();
    let mut cur = lo;
    loop {
        // the largest block aligned at `cur` that does not pass `hi`
        let mut len = bits - cur.trailing_zeros().min(bits);
        loop {
            let size_m1 = if len == 0 { mask_all(bits) } else { (1u128 << (bits - len)) - 1 };
            if cur.checked_add(size_m1).map(|e| e <= hi).unwrap_or(false) {
                break;
            }
            len += 1;
        }
        out.push(Net::new(v6, cur, len as u8));
        let size_m1 = if len == 0 { mask_all(bits) } else { (1u128 << (bits - len)) - 1 };
        let end = cur + size_m1;
        if end >= hi {
            break;
        }
        cur = end + 1;
    }
    out
}

fn mask_all(bits: u32) -> u128 {
    if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

impl Address {
    /// A plain prefix.
    pub fn plain(net: Net) -> Address {
        Address { net, wildcard: None, except: false, inactive: false }
    }

    /// Matches an address (ignores `except`/`inactive`, see the checker).
    #[inline]
    pub fn matches(&self, v6: bool, a: u128) -> bool {
        match self.wildcard {
            Some(w) => !v6 && !self.net.v6 && ((a as u32) & !w) == (self.net.addr as u32 & !w),
            None => self.net.contains(v6, a),
        }
    }

    /// Canonical prefix text (`10.0.0.0/8`, `2001:db8::/32`).
    pub fn prefix_text(&self) -> String {
        let mut s = String::with_capacity(20);
        self.write_prefix(&mut s);
        s
    }

    /// Writes [`Address::prefix_text`] into `out`.
    pub fn write_prefix(&self, out: &mut String) {
        self.net.write_addr(out);
        out.push('/');
        write_u32(out, self.net.len as u32);
    }

    /// The IOS wildcard of this address (IPv4 only).
    pub fn ios_wildcard(&self) -> u32 {
        match self.wildcard {
            Some(w) => w,
            None => !(mask(false, self.net.len) as u32),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct AddressJson {
    prefix: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wildcard: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    except: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    inactive: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let wildcard = self.wildcard.map(|w| {
            let mut t = String::new();
            write_v4(&mut t, w);
            t
        });
        AddressJson { prefix: self.prefix_text(), wildcard, except: self.except, inactive: self.inactive }
            .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let j = AddressJson::deserialize(d)?;
        let net = parse_prefix(&j.prefix).map_err(D::Error::custom)?;
        let mut a = match j.wildcard {
            Some(w) => {
                let w = parse_v4(&w).ok_or_else(|| D::Error::custom("bad wildcard"))?;
                if net.v6 {
                    return Err(D::Error::custom("wildcard on an IPv6 prefix"));
                }
                from_wildcard(net.addr as u32, w)
            }
            None => Address::plain(net),
        };
        a.except = j.except;
        a.inactive = j.inactive;
        Ok(a)
    }
}
