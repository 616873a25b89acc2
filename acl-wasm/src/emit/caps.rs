//! The shared capability checker. Each emitter declares a [`Caps`] table; `check` walks the IR
//! once and reports every construct the format cannot express (error, ACL020) or drops (warning,
//! ACL021), each with its term name and span.

pub use crate::check::flags::FlagForms;
use crate::diag::Diagnostic;
use crate::ir::{Acl, ActionKind, Key, Span, Term};

/// How a format handles a construct.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Support {
    /// Expressed.
    Yes,
    /// Dropped with a warning.
    Warn,
    /// Cannot be expressed: error.
    No,
}

use Support::{No, Warn, Yes};

/// A format's capabilities.
#[derive(Clone, Copy)]
pub struct Caps {
    /// Format name for messages.
    pub format: &'static str,
    /// IPv6 access lists.
    pub ipv6: bool,
    /// Name rule: `None` = any non-empty name; `Some(f)` validates.
    pub name_ok: Option<fn(&str) -> bool>,
    /// Hint for a bad name.
    pub name_hint: &'static str,
    /// `next term`, `routing-instance`, reject codes.
    pub junos_actions: Support,
    /// Inactive terms.
    pub inactive: Support,
    /// Policer definitions.
    pub policers: Support,
    /// Supported match keys (others are errors).
    pub keys: &'static [Key],
    /// Negated (`-except`) keys.
    pub negated_keys: Support,
    /// `except` / `inactive:` addresses.
    pub except_addr: Support,
    /// tcp-flags other than established, in any form.
    pub tcp_flags_any: Support,
    /// Otherwise, which tcp-flags forms the (IOS-family) writer has; the rest is an error.
    pub tcp_flag_forms: FlagForms,
    /// Junos modifiers (log, sample, port-mirror, policer, forwarding-class, loss-priority, ipsec-sa).
    pub junos_mods: Support,
    /// Counters.
    pub count: Support,
    /// IOS `log-input`.
    pub log_input: Support,
    /// Comments.
    pub comments: Support,
}

/// Keys IOS-like formats can express.
pub const IOS_KEYS: &[Key] = &[
    Key::Protocol,
    Key::SourceAddress,
    Key::DestinationAddress,
    Key::SourcePort,
    Key::DestinationPort,
    Key::IcmpType,
    Key::IcmpCode,
    Key::TcpFlags,
    Key::FragmentOffset,
    Key::Dscp,
    Key::Precedence,
    Key::Ttl,
];

/// IOS-like defaults.
pub const IOS_BASE: Caps = Caps {
    format: "ios",
    ipv6: false,
    name_ok: None,
    name_hint: "",
    junos_actions: No,
    inactive: No,
    policers: No,
    keys: IOS_KEYS,
    negated_keys: No,
    except_addr: No,
    tcp_flags_any: No,
    tcp_flag_forms: FlagForms::Words,
    junos_mods: No,
    count: Warn,
    log_input: Yes,
    comments: Yes,
};

/// `caps` with every modifier the format cannot carry dropped with a warning instead of refused
/// (the `dropModifiers` option): counters, IOS `log-input` and the Junos modifiers. What decides a
/// flow (matches, actions) keeps its support.
pub fn drop_modifiers(caps: &Caps) -> Caps {
    let warn = |s: Support| if s == No { Warn } else { s };
    Caps { junos_mods: warn(caps.junos_mods), count: warn(caps.count), log_input: warn(caps.log_input), ..*caps }
}

fn label(t: &Term, i: usize) -> Option<String> {
    Some(t.name.clone().unwrap_or_else(|| match t.seq {
        Some(s) => format!("seq {}", s),
        None => format!("#{}", i + 1),
    }))
}

struct Sink<'a> {
    caps: &'a Caps,
    out: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    fn add(&mut self, s: Support, what: String, span: Span, term: Option<String>) {
        self.add_as("ACL020", s, what, span, term)
    }

    /// A non-decision modifier (counter, log, Junos modifiers): refused as ACL023, so that a caller
    /// can tell that the `dropModifiers` option would convert it.
    fn add_modifier(&mut self, s: Support, what: String, span: Span, term: Option<String>) {
        self.add_as("ACL023", s, what, span, term)
    }

    fn add_as(&mut self, code: &'static str, s: Support, what: String, span: Span, term: Option<String>) {
        let d = match s {
            Yes => return,
            Warn => Diagnostic::warning("ACL021", format!("{} is dropped by {} output", what, self.caps.format), span),
            No => Diagnostic::error(code, format!("{} cannot be expressed in {} output", what, self.caps.format), span),
        };
        self.out.push(d.with_term(term));
    }
}

/// Checks an ACL against a format's capabilities.
pub fn check(acl: &Acl, caps: &Caps, name: Option<&str>) -> Vec<Diagnostic> {
    check_with(acl, caps, name, true)
}

/// [`check`], with the quick per-term pre-test on or off (off: every term takes the full check;
/// the differential tests compare both).
pub fn check_with(acl: &Acl, caps: &Caps, name: Option<&str>, quick: bool) -> Vec<Diagnostic> {
    Checker::new(acl, caps, name, quick).finish(acl)
}

/// The capability check of one ACL, fed term by term as a writer goes, so that a large list is
/// walked once (checked and written while each term is in cache) instead of once per pass.
pub struct Checker<'a> {
    sink: Sink<'a>,
    mask: u32,
    quick: bool,
    /// Where the error about mixed address families goes (after the list-level ones).
    mix_at: usize,
    /// Address families seen so far: (IPv4, IPv6).
    fam: (bool, bool),
    /// Terms checked so far.
    next: usize,
    /// The position of the first term in its list (a streaming writer's run of terms).
    base: usize,
    /// An error was found: nothing more may be written.
    failed: bool,
}

impl<'a> Checker<'a> {
    /// Starts the check with the list-level findings (name, IPv6, policers, comments).
    pub fn new(acl: &Acl, caps: &'a Caps, name: Option<&str>, quick: bool) -> Checker<'a> {
        Checker::part(acl, caps, name, quick, acl.is_ipv6(), true, 0)
    }

    /// The check of a run of an ACL's terms (a streaming writer's, [`super::Part`]): `acl` holds
    /// those terms, `v6` says whether the whole list is IPv6 ([`Acl::is_ipv6`]), `head` whether
    /// the list-level findings (name, IPv6, policers, comments) belong to this run (the first), and
    /// `base` is the position of the run's first term in the list (terms are named by it).
    pub fn part(acl: &Acl, caps: &'a Caps, name: Option<&str>, quick: bool, v6: bool, head: bool, base: usize) -> Checker<'a> {
        let mut s = Sink { caps, out: Vec::new() };
        if !head {
            return Checker { sink: s, mask: keys_mask(caps.keys), quick, mix_at: 0, fam: (false, false), next: 0, base, failed: false };
        }
        match name {
            None | Some("") if !(acl.terms.is_empty() && !acl.policers.is_empty() && caps.format == "junos") => {
                s.out.push(Diagnostic::error("ACL022", format!("{} output needs an ACL name", caps.format), acl.span).with_hint("pass a name in the options"));
            }
            Some(n) if !n.is_empty() => {
                if let Some(f) = caps.name_ok {
                    if !f(n) {
                        s.out.push(Diagnostic::error("ACL022", format!("'{}' is not a valid {} ACL name", n, caps.format), acl.span).with_hint(caps.name_hint));
                    }
                }
            }
            _ => {}
        }
        if !caps.ipv6 && v6 {
            s.out.push(Diagnostic::error("ACL020", format!("IPv6 access lists cannot be expressed in {} output", caps.format), acl.span).with_hint("use ios-named, iosxr, eos or junos"));
        }
        let mix_at = s.out.len();
        for p in &acl.policers {
            s.add(caps.policers, format!("policer '{}'", p.name), p.span, None);
        }
        if !acl.comments.is_empty() || !acl.trailing_comments.is_empty() {
            let sp = acl.comments.first().or(acl.trailing_comments.first()).map(|c| c.span).unwrap_or_default();
            s.add(caps.comments, "a comment".into(), sp, None);
        }
        let failed = s.out.iter().any(|d| d.is_error());
        Checker { sink: s, mask: keys_mask(caps.keys), quick, mix_at, fam: (false, false), next: 0, base, failed }
    }

    /// Whether an error was found so far.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Checks term `i` (terms come in order; one checked before is not checked again). `true`:
    /// the term may be written (no error so far, its own included).
    pub fn term(&mut self, i: usize, t: &Term) -> bool {
        if i < self.next {
            return !self.failed;
        }
        self.next = i + 1;
        let mut fam = (false, false);
        if !(self.quick && clean(t, self.sink.caps, self.mask, &mut fam)) {
            t.add_families(&mut fam);
            let before = self.sink.out.len();
            full_term(&mut self.sink, self.base + i, t);
            self.failed |= self.sink.out[before..].iter().any(|d| d.is_error());
        }
        self.fam.0 |= fam.0;
        self.fam.1 |= fam.1;
        // a term whose family differs from one seen before makes a mixed list: not written
        self.failed |= !mixed_ok(self.sink.caps) && self.fam.0 && self.fam.1;
        !self.failed
    }

    /// Checks the terms not seen yet; returns every diagnostic, in order.
    pub fn finish(mut self, acl: &Acl) -> Vec<Diagnostic> {
        for i in self.next..acl.terms.len() {
            self.term(i, &acl.terms[i]);
        }
        let caps = self.sink.caps;
        if !mixed_ok(caps) && self.fam.0 && self.fam.1 {
            let d = Diagnostic::error("ACL020", format!("an access list mixing IPv4 and IPv6 addresses cannot be expressed in {} output", caps.format), acl.span).with_hint("split it into an IPv4 and an IPv6 list");
            self.sink.out.insert(self.mix_at, d);
        }
        self.sink.out
    }
}

/// Formats whose lists may hold IPv4 and IPv6 addresses together.
fn mixed_ok(caps: &Caps) -> bool {
    matches!(caps.format, "junos" | "asa")
}

/// The full check of term `i`.
fn full_term(s: &mut Sink, i: usize, t: &Term) {
    let caps = s.caps;
    let tl = || label(t, i);
    if t.inactive {
        s.add(caps.inactive, "an inactive term".into(), t.span, tl());
    }
    match t.action.kind {
        ActionKind::NextTerm => s.add(caps.junos_actions, "action 'next term'".into(), t.span, tl()),
        ActionKind::RoutingInstance => s.add(caps.junos_actions, "action 'routing-instance'".into(), t.span, tl()),
        ActionKind::Reject if t.action.code.is_some() => {
            s.add(caps.junos_actions, format!("reject code '{}'", t.action.code.as_deref().unwrap_or("")), t.span, tl())
        }
        _ => {}
    }
    if !t.comments.is_empty() {
        s.add(caps.comments, "a comment".into(), t.comments[0].span, tl());
    }
    let m = &t.modifiers;
    if let Some(c) = &m.count {
        s.add_modifier(caps.count, format!("counter '{}'", c), t.span, tl());
    }
    if m.log_input {
        s.add_modifier(caps.log_input, "'log-input'".into(), t.span, tl());
    }
    let mods: [(&str, bool); 7] = [
        ("modifier 'log'", m.log),
        ("modifier 'sample'", m.sample),
        ("modifier 'port-mirror'", m.port_mirror),
        ("modifier 'policer'", m.policer.is_some()),
        ("modifier 'forwarding-class'", m.forwarding_class.is_some()),
        ("modifier 'loss-priority'", m.loss_priority.is_some()),
        ("modifier 'ipsec-sa'", m.ipsec_sa.is_some()),
    ];
    for (what, on) in mods {
        if on {
            s.add_modifier(caps.junos_mods, what.to_string(), t.span, tl());
        }
    }
    let mut has_type = false;
    for c in &t.conditions {
        if c.key == Key::IcmpType {
            has_type = true;
        }
        if !caps.keys.contains(&c.key) {
            s.add(No, format!("match '{}'", c.key.as_str()), c.span, tl());
            continue;
        }
        if c.except {
            s.add(caps.negated_keys, format!("match '{}-except'", c.key.as_str()), c.span, tl());
        }
        if c.key == Key::FragmentOffset && caps.format != "junos" && (c.range_values() != [(1, 8191)] || c.except) {
            let d = Diagnostic::error("ACL020", format!("fragment-offset '{}' cannot be expressed in {} output", ranges_text(c.range_values()), caps.format), c.span)
                .with_hint("IOS-family formats have only 'fragments' (fragment-offset 1-8191)");
            s.out.push(d.with_term(tl()));
        }
        if c.key == Key::TcpFlags && c.named.as_deref() != Some("tcp-established") && !flags_writable(c, caps) {
            let what = format!("tcp-flags '{}'", c.name_values().join(" "));
            let n = s.out.len();
            s.add(caps.tcp_flags_any, what, c.span, tl());
            if let Some(d) = s.out.get_mut(n) {
                if d.hint.is_none() {
                    d.hint = Some(
                        match caps.tcp_flag_forms {
                            FlagForms::Match => "ios writes flags as words that must all be set (ack syn), match-all +f -g or match-any +f -g",
                            FlagForms::Words => "this format writes only flags that must all be set (ack, syn fin)",
                            FlagForms::None => "this format writes no TCP flags other than established",
                        }
                        .to_string(),
                    );
                }
            }
        }
        for a in c.addr_values() {
            if a.except {
                s.add(caps.except_addr, format!("address '{} except'", a.prefix_text()), c.span, tl());
            }
            if a.inactive {
                s.add(caps.except_addr, format!("inactive address '{}'", a.prefix_text()), c.span, tl());
            }
        }
    }
    if caps.format != "junos" {
        let mut in_range = true;
        for c in &t.conditions {
            let max = match super::ios_common::max_value(c.key) {
                Some(m) => m,
                None => continue,
            };
            if let Some(&(lo, hi)) = c.range_values().iter().find(|&&(lo, hi)| lo > hi || hi > max) {
                in_range = false;
                s.add(No, format!("'{}' value {}-{} (outside 0-{})", c.key.as_str(), lo, hi, max), c.span, tl());
            }
        }
        let n = if in_range { super::ios_common::entry_count(t, false) } else { 0 };
        if n > super::ios_common::MAX_ENTRIES {
            let what = format!("a term that expands to {} entries (more than {})", n, super::ios_common::MAX_ENTRIES);
            s.add(No, what, t.span, tl());
        }
        if t.cond(Key::IcmpCode).is_some() && !has_type {
            s.add(No, "an ICMP code without an ICMP type".into(), t.span, tl());
        }
        let ports = t.conditions.iter().any(|c| matches!(c.key, Key::SourcePort | Key::DestinationPort));
        let proto = t.cond(Key::Protocol).map(|c| c.range_values().iter().all(|&(l, h)| (l..=h).all(|p| matches!(p, 6 | 17 | 132)))).unwrap_or(false);
        if ports && !proto {
            s.add(No, "ports without protocol tcp or udp".into(), t.span, tl());
        }
    }
}

fn ranges_text(r: &[(u32, u32)]) -> String {
    r.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{}-{}", a, b) }).collect::<Vec<_>>().join(" ")
}

/// Whether the format writes this tcp-flags condition (any form, or one of its IOS forms).
fn flags_writable(c: &crate::ir::Condition, caps: &Caps) -> bool {
    caps.tcp_flags_any == Yes || (!c.except && c.name_values().first().and_then(|e| crate::check::flags::ios_text(e, caps.tcp_flag_forms)).is_some())
}

/// The bit set of `keys` (bit `key as u32`).
fn keys_mask(keys: &[Key]) -> u32 {
    keys.iter().fold(0, |m, k| m | 1 << (*k as u32))
}

/// A quick, conservative test: `true` only when the full check of this term reports nothing (the
/// common case: no per-term strings, no scans per key). `false` sends the term to the full check.
/// When it answers `true` it has seen every address and added its family to `fam` (`(v4, v6)`).
fn clean(t: &Term, caps: &Caps, key_mask: u32, fam: &mut (bool, bool)) -> bool {
    let m = &t.modifiers;
    let plain_action = match t.action.kind {
        ActionKind::Accept | ActionKind::Discard => true,
        ActionKind::Reject => t.action.code.is_none(),
        _ => false,
    };
    let junos_mods = m.log || m.sample || m.port_mirror || m.policer.is_some() || m.forwarding_class.is_some() || m.loss_priority.is_some() || m.ipsec_sa.is_some();
    if (t.inactive && caps.inactive != Yes)
        || (!plain_action && caps.junos_actions != Yes)
        || (!t.comments.is_empty() && caps.comments != Yes)
        || (m.count.is_some() && caps.count != Yes)
        || (m.log_input && caps.log_input != Yes)
        || (junos_mods && caps.junos_mods != Yes)
    {
        return false;
    }
    let ios = caps.format != "junos";
    let (mut ports, mut proto_ok, mut proto_seen, mut has_type, mut has_code) = (false, false, false, false, false);
    for c in &t.conditions {
        if key_mask & (1 << (c.key as u32)) == 0 || c.except {
            return false;
        }
        for x in c.addr_values() {
            if x.net.v6 {
                fam.1 = true;
            } else {
                fam.0 = true;
            }
        }
        match c.key {
            Key::TcpFlags if c.named.as_deref() != Some("tcp-established") && caps.tcp_flags_any != Yes => return false,
            Key::FragmentOffset if ios => return false,

            Key::SourceAddress | Key::DestinationAddress | Key::Address => {
                let a = c.addr_values();
                if caps.except_addr != Yes && a.iter().any(|a| a.except || a.inactive) {
                    return false;
                }
                if ios && a.len() > 1 {
                    return false;
                }
            }
            _ => {}
        }
        if !ios {
            continue;
        }
        let r = c.range_values();
        match (super::ios_common::max_value(c.key), r) {
            (None, _) => {}
            (Some(max), [(lo, hi)]) if lo <= hi && *hi <= max => {
                let single = lo == hi;
                match c.key {
                    Key::Protocol if single && !proto_seen => {
                        proto_seen = true;
                        proto_ok = matches!(lo, 6 | 17 | 132);
                    }
                    Key::SourcePort | Key::DestinationPort => ports = true,
                    Key::IcmpType if single => has_type = true,
                    Key::IcmpCode if single => has_code = true,
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
    !ios || ((!ports || proto_ok) && (!has_code || has_type))
}
