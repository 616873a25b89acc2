//! The one intermediate representation shared by every dialect (ABI.md §1).
//!
//! Parsers lower their syntax trees into these types; emitters and the access checker read them.
//! The serde attributes produce exactly the JSON described in `ABI.md`.

use crate::addr::Address;
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

/// Ranges of one condition: most hold one or two, kept inline (no allocation).
pub type Ranges = SmallVec<[(u32, u32); 2]>;
/// Addresses of one condition: most hold one, kept inline.
pub type Addrs = SmallVec<[Address; 1]>;

/// Where a node came from: 1-based line and column, byte offsets into the input.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in bytes).
    pub column: u32,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset just past the last byte.
    pub end: u32,
}

/// The dialect an ACL was read from.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Numbered extended IOS (`access-list 101 ...`).
    Ios,
    /// Named extended IOS (`ip access-list extended NAME`).
    IosNamed,
    /// Numbered standard IOS (`access-list 10 ...`).
    IosStandard,
    /// Named standard IOS.
    IosNamedStandard,
    /// `ipv6 access-list NAME`.
    Ipv6,
    /// Brocade (`ip rebind-acl`).
    Brocade,
    /// Juniper Junos.
    Junos,
    /// Cisco NX-OS (`ip access-list NAME` with sequence numbers, `statistics per-entry`).
    Nxos,
    /// Arista EOS (`ip access-list NAME`).
    Eos,
    /// Cisco IOS-XR (`ipv4 access-list NAME`).
    Iosxr,
    /// Cisco ASA (`access-list NAME extended ...`).
    Asa,
}

/// The Junos family wrapper of a filter, or `inet6` for an IPv6 access list.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// IPv4.
    Inet,
    /// IPv6.
    Inet6,
    /// Layer 2 (Junos only).
    EthernetSwitching,
}

impl Family {
    /// The Junos keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Inet => "inet",
            Family::Inet6 => "inet6",
            Family::EthernetSwitching => "ethernet-switching",
        }
    }
}

/// How a comment was written.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CommentStyle {
    /// IOS `remark`.
    Remark,
    /// IOS `!`.
    Bang,
    /// Junos `/* */`.
    Block,
    /// Junos `#`.
    Hash,
}

/// A comment, kept with the term that follows it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Text without markers, trimmed.
    pub text: String,
    /// How it was written.
    pub style: CommentStyle,
    /// Where.
    pub span: Span,
}

/// A whole access list / filter.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Acl {
    /// Name or number; `None` for bare ACEs.
    pub name: Option<String>,
    /// Dialect it came from.
    pub source: Source,
    /// Family wrapper.
    #[serde(default)]
    pub family: Option<Family>,
    /// Input had `no access-list` / `replace:`.
    #[serde(default)]
    pub replace: bool,
    /// Junos `interface-specific;`.
    #[serde(default)]
    pub interface_specific: bool,
    /// Brocade `ip rebind-receive-acl`.
    #[serde(default)]
    pub receive_acl: bool,
    /// NX-OS `statistics per-entry`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub statistics_per_entry: bool,
    /// Header comments.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Comments after the last term.
    #[serde(default)]
    pub trailing_comments: Vec<Comment>,
    /// Junos policers.
    #[serde(default)]
    pub policers: Vec<Policer>,
    /// The terms, in order.
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Where.
    #[serde(default)]
    pub span: Span,
}

impl Acl {
    /// An empty ACL.
    pub fn new(name: Option<String>, source: Source) -> Acl {
        Acl {
            name,
            source,
            family: None,
            replace: false,
            interface_specific: false,
            receive_acl: false,
            statistics_per_entry: false,
            comments: Vec::new(),
            trailing_comments: Vec::new(),
            policers: Vec::new(),
            terms: Vec::new(),
            span: Span::default(),
        }
    }

    /// True when the family says IPv6, or all addresses are IPv6 (and there is one). Stops at
    /// the first IPv4 address, so an IPv4 list is answered from its first terms.
    pub fn is_ipv6(&self) -> bool {
        if self.family == Some(Family::Inet6) {
            return true;
        }
        let mut v6 = false;
        for t in &self.terms {
            for c in &t.conditions {
                for a in c.addr_values() {
                    if !a.net.v6 {
                        return false;
                    }
                    v6 = true;
                }
            }
        }
        v6
    }

    /// Whether any address is IPv4 / IPv6: `(has_v4, has_v6)`.
    pub fn address_families(&self) -> (bool, bool) {
        let mut fam = (false, false);
        for t in &self.terms {
            t.add_families(&mut fam);
        }
        fam
    }
}

/// What a term does with matching packets.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    /// Permit.
    Accept,
    /// Drop silently.
    Discard,
    /// Drop with ICMP (IOS `deny`).
    Reject,
    /// Continue with the next term.
    NextTerm,
    /// Forward into a routing instance.
    RoutingInstance,
}

/// A term's action.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// Kind.
    pub kind: ActionKind,
    /// Junos reject code.
    #[serde(default)]
    pub code: Option<String>,
    /// Routing-instance name.
    #[serde(default)]
    pub target: Option<String>,
}

impl Action {
    /// An action without arguments.
    pub fn of(kind: ActionKind) -> Action {
        Action { kind, code: None, target: None }
    }
}

/// Term modifiers. All default to off.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct Modifiers {
    /// Counter name.
    pub count: Option<String>,
    /// Junos `log`.
    pub log: bool,
    /// IOS `log-input`.
    pub log_input: bool,
    /// Junos `syslog`, IOS `log`.
    pub syslog: bool,
    /// Junos `sample`.
    pub sample: bool,
    /// Junos `port-mirror`.
    pub port_mirror: bool,
    /// Policer name.
    pub policer: Option<String>,
    /// Forwarding class.
    pub forwarding_class: Option<String>,
    /// Loss priority.
    pub loss_priority: Option<String>,
    /// IPsec SA.
    pub ipsec_sa: Option<String>,
}

/// One term / ACE.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Term {
    /// Junos term name.
    pub name: Option<String>,
    /// IOS sequence number.
    #[serde(default)]
    pub seq: Option<u32>,
    /// `inactive:`.
    #[serde(default)]
    pub inactive: bool,
    /// Action.
    pub action: Action,
    /// Conditions (AND).
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// Modifiers.
    #[serde(default)]
    pub modifiers: Modifiers,
    /// Comments before (or inside) the term.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Where.
    #[serde(default)]
    pub span: Span,
}

impl Term {
    /// A term with the given action and nothing else.
    pub fn new(kind: ActionKind) -> Term {
        Term {
            name: None,
            seq: None,
            inactive: false,
            action: Action::of(kind),
            conditions: Vec::new(),
            modifiers: Modifiers::default(),
            comments: Vec::new(),
            span: Span::default(),
        }
    }

    /// Adds the families of this term's addresses to `fam` (`(has_v4, has_v6)`).
    pub fn add_families(&self, fam: &mut (bool, bool)) {
        for c in &self.conditions {
            for a in c.addr_values() {
                if a.net.v6 {
                    fam.1 = true;
                } else {
                    fam.0 = true;
                }
            }
        }
    }

    /// The first condition with this key and negation.
    pub fn cond(&self, key: Key) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.key == key && !c.except)
    }
}

/// A match key.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Key {
    /// IP protocol.
    Protocol,
    /// Source address.
    SourceAddress,
    /// Destination address.
    DestinationAddress,
    /// Source or destination address.
    Address,
    /// Source port.
    SourcePort,
    /// Destination port.
    DestinationPort,
    /// Source or destination port.
    Port,
    /// Named source prefix list.
    SourcePrefixList,
    /// Named destination prefix list.
    DestinationPrefixList,
    /// Named prefix list (either direction).
    PrefixList,
    /// ICMP type.
    IcmpType,
    /// ICMP code.
    IcmpCode,
    /// TCP flag expression.
    TcpFlags,
    /// Any fragment but the first.
    IsFragment,
    /// First fragment.
    FirstFragment,
    /// Fragment offset.
    FragmentOffset,
    /// Packet length.
    PacketLength,
    /// DSCP.
    Dscp,
    /// IP precedence.
    Precedence,
    /// IP options.
    IpOptions,
    /// TTL.
    Ttl,
    /// Fragment flags expression.
    FragmentFlags,
}

impl Key {
    /// Every key, for name lookups.
    pub const ALL: [Key; 22] = [
        Key::Protocol,
        Key::SourceAddress,
        Key::DestinationAddress,
        Key::Address,
        Key::SourcePort,
        Key::DestinationPort,
        Key::Port,
        Key::SourcePrefixList,
        Key::DestinationPrefixList,
        Key::PrefixList,
        Key::IcmpType,
        Key::IcmpCode,
        Key::TcpFlags,
        Key::IsFragment,
        Key::FirstFragment,
        Key::FragmentOffset,
        Key::PacketLength,
        Key::Dscp,
        Key::Precedence,
        Key::IpOptions,
        Key::Ttl,
        Key::FragmentFlags,
    ];

    /// The Junos keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Protocol => "protocol",
            Key::SourceAddress => "source-address",
            Key::DestinationAddress => "destination-address",
            Key::Address => "address",
            Key::SourcePort => "source-port",
            Key::DestinationPort => "destination-port",
            Key::Port => "port",
            Key::SourcePrefixList => "source-prefix-list",
            Key::DestinationPrefixList => "destination-prefix-list",
            Key::PrefixList => "prefix-list",
            Key::IcmpType => "icmp-type",
            Key::IcmpCode => "icmp-code",
            Key::TcpFlags => "tcp-flags",
            Key::IsFragment => "is-fragment",
            Key::FirstFragment => "first-fragment",
            Key::FragmentOffset => "fragment-offset",
            Key::PacketLength => "packet-length",
            Key::Dscp => "dscp",
            Key::Precedence => "precedence",
            Key::IpOptions => "ip-options",
            Key::Ttl => "ttl",
            Key::FragmentFlags => "fragment-flags",
        }
    }

    /// Looks a Junos keyword up.
    pub fn from_name(s: &str) -> Option<Key> {
        Key::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

/// The values of one condition (OR-ed).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum Values {
    /// Inclusive numeric ranges (also the empty list of flag keys).
    Ranges(Ranges),
    /// Addresses.
    Addrs(Addrs),
    /// Names / expressions.
    Names(Vec<String>),
}

/// One match condition.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Condition {
    /// Key.
    pub key: Key,
    /// Negated (`-except`).
    #[serde(default)]
    pub except: bool,
    /// Values.
    pub values: Values,
    /// Short form of tcp-flags (`tcp-established`, `tcp-initial`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named: Option<String>,
    /// The object group the values came from (`net-group WEB`, `object-group SVC`): the values
    /// are the group's members, resolved (nested groups flattened); writers with groups print the
    /// reference and the group's definition, the others the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Where.
    #[serde(default)]
    pub span: Span,
}

impl Condition {
    /// A range condition.
    pub fn ranges(key: Key, r: impl Into<Ranges>, span: Span) -> Condition {
        Condition { key, except: false, values: Values::Ranges(r.into()), named: None, group: None, span }
    }

    /// The ranges, or an empty slice.
    pub fn range_values(&self) -> &[(u32, u32)] {
        match &self.values {
            Values::Ranges(r) => r,
            _ => &[],
        }
    }

    /// The addresses, or an empty slice.
    pub fn addr_values(&self) -> &[Address] {
        match &self.values {
            Values::Addrs(r) => r,
            _ => &[],
        }
    }

    /// The names, or an empty slice.
    pub fn name_values(&self) -> &[String] {
        match &self.values {
            Values::Names(r) => r,
            _ => &[],
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Sorts and merges ranges (adjacent and overlapping ones coalesce).
pub fn normalize_ranges(v: &mut Vec<(u32, u32)>) {
    let n = merge_in_place(v);
    v.truncate(n);
}

/// [`normalize_ranges`] for inline range lists.
pub fn normalize_inline(v: &mut Ranges) {
    let n = merge_in_place(v);
    v.truncate(n);
}

/// Sorts `v` and merges it in place; returns the merged length.
fn merge_in_place(v: &mut [(u32, u32)]) -> usize {
    if v.len() < 2 {
        return v.len();
    }
    v.sort_unstable();
    let mut w = 0;
    for i in 1..v.len() {
        let (lo, hi) = v[i];
        if lo <= v[w].1.saturating_add(1) {
            if hi > v[w].1 {
                v[w].1 = hi;
            }
        } else {
            w += 1;
            v[w] = (lo, hi);
        }
    }
    w + 1
}

/// Policer `if-exceeding` values (bits / bytes, suffixes resolved).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct IfExceeding {
    /// bandwidth-limit in bits/s.
    pub bandwidth_limit: Option<u64>,
    /// bandwidth-percent.
    pub bandwidth_percent: Option<u64>,
    /// burst-size-limit in bytes.
    pub burst_size_limit: Option<u64>,
}

/// A Junos policer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Policer {
    /// Name.
    pub name: String,
    /// Limits.
    #[serde(default)]
    pub if_exceeding: IfExceeding,
    /// `then` items, as text (`discard`, `loss-priority high`).
    #[serde(default)]
    pub then: Vec<String>,
    /// Where.
    #[serde(default)]
    pub span: Span,
}
