//! Cisco IOS and IOS-like input: numbered and named, standard and extended, IPv6, Brocade rebind
//! lines, sequence numbers, EOS/NX-OS `ip access-list NAME` headers.

pub mod lower;
pub mod parse;
pub mod fast;
pub mod groups;
