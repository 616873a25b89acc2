//! Juniper Junos firewall filters, policers and `firewall { family F { replace: ... } }` wrappers.

pub mod fast;
pub mod lower;
pub mod parse;
