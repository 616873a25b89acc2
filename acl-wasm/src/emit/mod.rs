//! Emitters: IR → text for each output format, with a shared capability check so that what a
//! format cannot express is reported (every construct, with its term and line), never dropped.

pub mod asa;
pub mod brocade;
pub mod caps;
pub mod eos;
pub mod groups;
pub mod ios;
pub mod ios_common;
pub mod ios_entry;
pub mod ios_named;
pub mod iosxr;
pub mod junos;
mod junos_frame;
pub mod nxos;

use crate::diag::Diagnostic;
use crate::ir::{Acl, Family};
use serde::Deserialize;

/// Output formats.
#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Junos `filter`.
    Junos,
    /// Numbered IOS.
    Ios,
    /// Named IOS.
    IosNamed,
    /// IOS XR.
    Iosxr,
    /// Brocade (numbered + rebind).
    Brocade,
    /// Arista EOS.
    Eos,
    /// Cisco NX-OS.
    Nxos,
    /// Cisco ASA.
    Asa,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 8] = [Format::Junos, Format::Ios, Format::IosNamed, Format::Iosxr, Format::Brocade, Format::Eos, Format::Nxos, Format::Asa];

    /// Parses a format name.
    pub fn from_name(s: &str) -> Option<Format> {
        Some(match s {
            "junos" => Format::Junos,
            "ios" => Format::Ios,
            "ios-named" => Format::IosNamed,
            "iosxr" => Format::Iosxr,
            "brocade" => Format::Brocade,
            "eos" => Format::Eos,
            "nxos" => Format::Nxos,
            "asa" => Format::Asa,
            _ => return None,
        })
    }

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Junos => "junos",
            Format::Ios => "ios",
            Format::IosNamed => "ios-named",
            Format::Iosxr => "iosxr",
            Format::Brocade => "brocade",
            Format::Eos => "eos",
            Format::Nxos => "nxos",
            Format::Asa => "asa",
        }
    }

    /// The object-group syntax of the format ([`ios_common::GroupStyle::None`]: groups are
    /// written as their members).
    pub fn group_style(self) -> ios_common::GroupStyle {
        use ios_common::GroupStyle as G;
        match self {
            Format::Iosxr | Format::Eos => G::Xr,
            Format::IosNamed => G::IosXe,
            Format::Nxos => G::Nxos,
            Format::Asa => G::Asa,
            _ => G::None,
        }
    }
}

/// Emit options (ABI `acl_emit` opts).
#[derive(Deserialize, Clone, Debug)]
#[serde(default)]
pub struct EmitOptions {
    /// Output format.
    pub format: Format,
    /// Add `no access-list` / `replace:`.
    pub replace: bool,
    /// Override the ACL name.
    pub name: Option<String>,
    /// Junos family wrapper override.
    pub family: Option<Family>,
    /// Write terms whose non-decision modifiers (counters, `log`, `syslog`/`log-input`, `sample`,
    /// `port-mirror`, `policer`, `forwarding-class`, `loss-priority`, `ipsec-sa`) the format cannot
    /// carry, without them: each dropped modifier is an ACL021 warning naming its term. Matches and
    /// actions are never dropped. Off: such modifiers are errors (ACL020).
    #[serde(rename = "dropModifiers")]
    pub drop_modifiers: bool,
    /// Name the unnamed terms `T1`, `T2`, ... first ([`name_terms`]; `Acl.nameTerms()` in
    /// `lib/acl`): the names then show wherever a term is named (Junos output, diagnostics).
    #[serde(rename = "nameTerms")]
    pub name_terms: bool,
    /// Give every named term without a counter one named after the term (`count T1;`), after
    /// `name_terms`: the original Trigger's Junos output.
    #[serde(rename = "countTerms")]
    pub count_terms: bool,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions { format: Format::Junos, replace: false, name: None, family: None, drop_modifiers: false, name_terms: false, count_terms: false }
    }
}

/// Applies the term options of `opts` (`name_terms`, `count_terms`) to `acl` in place, so that
/// writing it gives what writing the renamed and counted IR gives. Writing an ACL this was
/// applied to changes nothing more, so callers that own their ACL apply it first and spare
/// [`emit_into`] a copy.
pub fn prepare_terms(acl: &mut Acl, opts: &EmitOptions) {
    if opts.name_terms && acl.terms.iter().any(|t| t.name.is_none()) {
        let names = term_names(acl);
        for (t, n) in acl.terms.iter_mut().zip(names) {
            if t.name.is_none() {
                t.name = Some(n);
            }
        }
    }
    if opts.count_terms {
        for t in acl.terms.iter_mut() {
            if t.modifiers.count.as_deref().map_or(true, str::is_empty) {
                t.modifiers.count = t.name.clone();
            }
        }
    }
}

/// Whether [`prepare_terms`] would change `acl`.
pub fn needs_terms(acl: &Acl, opts: &EmitOptions) -> bool {
    let unnamed = |t: &crate::ir::Term| t.name.is_none();
    let uncounted = |t: &crate::ir::Term| t.modifiers.count.as_deref().map_or(true, str::is_empty) && t.modifiers.count != t.name;
    (opts.name_terms && acl.terms.iter().any(unnamed)) || (opts.count_terms && acl.terms.iter().any(uncounted))
}

/// Emits one ACL. `Ok((text, warnings))` or `Err(diagnostics)` listing every problem.
pub fn emit(acl: &Acl, opts: &EmitOptions) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut out = String::with_capacity(size_hint(acl, opts.format));
    emit_into(acl, opts, &mut out).map(|w| (out, w))
}

/// A guess of the output size (bytes), so that the output buffer rarely grows.
pub fn size_hint(acl: &Acl, format: Format) -> usize {
    let (per_term, per_cond) = if format == Format::Junos { (128, 56) } else { (48, 24) };
    acl.terms.iter().fold(128, |n, t| n + per_term + per_cond * t.conditions.len())
}

/// Which part of an ACL's output a writer writes: all of it ([`Part::WHOLE`]), or, for a
/// streaming writer, a run of its terms (the `Acl` given holds only them): the list's head
/// (wrappers, header, comments, policers) with the first run, its tail with the last.
#[derive(Clone, Copy, Debug)]
pub struct Part {
    /// Write the list's head (before its first term).
    pub head: bool,
    /// Write the list's tail (after its last term).
    pub tail: bool,
    /// The position in the list of the run's first term (unnamed Junos terms are `T<base + i + 1>`).
    pub base: usize,
    /// The last sequence number written (IOS-XR, EOS, NX-OS), carried from run to run.
    pub seq: u32,
}

impl Part {
    /// The whole list.
    pub const WHOLE: Part = Part { head: true, tail: true, base: 0, seq: 0 };
}

/// [`emit`], appending the text to `out` (nothing is written on errors). `Ok(warnings)`.
pub fn emit_into(acl: &Acl, opts: &EmitOptions, out: &mut String) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    emit_part(acl, opts, &mut Part::WHOLE.clone(), acl.is_ipv6(), out)
}

/// [`emit_into`] of a part of the list ([`Part`]): `acl` holds the run's terms and the list's
/// head fields, `v6` says whether the whole list is IPv6 ([`Acl::is_ipv6`]). A streaming writer
/// calls it once per run, in order, after checking the whole list (it reports errors of this run
/// only); the runs' texts and warnings, one after the other, are those of [`emit_into`] on the
/// whole list, as long as the list uses no object groups and its terms are all named or all
/// unnamed.
pub fn emit_part(acl: &Acl, opts: &EmitOptions, part: &mut Part, v6: bool, out: &mut String) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let prepared;
    let acl = if needs_terms(acl, opts) {
        let mut a = acl.clone();
        prepare_terms(&mut a, opts);
        prepared = a;
        &prepared
    } else {
        acl
    };
    let style = opts.format.group_style();
    let (acl, defs) = groups::prepare(acl, style);
    let acl: &Acl = &acl;
    let caps = match opts.format {
        Format::Junos => &junos::CAPS,
        Format::Ios => &ios::CAPS,
        Format::IosNamed => &ios_named::CAPS,
        Format::Iosxr => &iosxr::CAPS,
        Format::Brocade => &brocade::CAPS,
        Format::Eos => &eos::CAPS,
        Format::Nxos => &nxos::CAPS,
        Format::Asa => &asa::CAPS,
    };
    let relaxed;
    let caps = if opts.drop_modifiers {
        relaxed = caps::drop_modifiers(caps);
        &relaxed
    } else {
        caps
    };
    let name = opts.name.clone().or_else(|| acl.name.clone());
    // the capability check runs term by term inside the writer (one walk over a large list);
    // the list-level findings and the standard-list check come first, so that a list that
    // cannot be written is not started
    let mut chk = caps::Checker::part(acl, caps, name.as_deref(), true, v6, part.head, part.base);
    let n = name.as_deref().unwrap_or("");
    let standard = match opts.format {
        Format::Ios | Format::Brocade => ios_common::is_standard(acl, n, true),
        Format::IosNamed | Format::Eos => !v6 && ios_common::is_standard(acl, n, false),
        _ => false,
    };
    let mut std_diags = Vec::new();
    if standard {
        ios_common::standard_check(acl, opts.format.as_str(), &mut std_diags);
    }
    if opts.format == Format::Asa {
        asa::extra_check(acl, &mut std_diags);
    }
    let mark = out.len();
    let mut extra = Vec::new();
    if !chk.failed() && !std_diags.iter().any(|d| d.is_error()) {
        let name = name.unwrap_or_default();
        let replace = opts.replace || acl.replace;
        let c = &mut chk;
        if part.head {
            groups::write_defs(&defs, style, out);
        }
        let p = part;
        match opts.format {
            Format::Junos => junos::emit(acl, &name, replace, opts.family, v6, c, p, out),
            Format::Ios => ios::emit(acl, &name, replace, c, p, out),
            Format::IosNamed => ios_named::emit(acl, &name, replace, v6, c, p, out),
            Format::Iosxr => iosxr::emit(acl, &name, replace, v6, c, p, out),
            Format::Brocade => brocade::emit(acl, &name, replace, c, p, out, &mut extra),
            Format::Eos => eos::emit(acl, &name, replace, v6, c, p, out),
            Format::Nxos => nxos::emit(acl, &name, replace, v6, c, p, out),
            Format::Asa => asa::emit(acl, &name, replace, &defs, c, p, out),
        }
    }
    let mut diags = chk.finish(acl);
    diags.extend(std_diags);
    if diags.iter().any(|d| d.is_error()) {
        out.truncate(mark);
        return Err(diags);
    }
    diags.extend(extra);
    Ok(diags)
}

/// Names unnamed terms `T1`, `T2`, ... (only unnamed ones are counted; existing names are skipped).
pub fn term_names(acl: &Acl) -> Vec<String> {
    let taken: std::collections::HashSet<&str> = acl.terms.iter().filter_map(|t| t.name.as_deref()).collect();
    let mut k = 0;
    let mut out = Vec::with_capacity(acl.terms.len());
    for t in &acl.terms {
        match &t.name {
            Some(n) => out.push(n.clone()),
            None => loop {
                k += 1;
                let cand = format!("T{}", k);
                if !taken.contains(cand.as_str()) {
                    out.push(cand);
                    break;
                }
            },
        }
    }
    out
}
