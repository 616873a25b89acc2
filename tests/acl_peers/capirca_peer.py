"""Capirca as a peer for tests/acl_peers/capirca_diff_test.ts.

Generates seeded random Capirca policies (networks v4/v6 with hosts and
overlapping prefixes, tcp/udp services with ranges, icmp/icmpv6 types, terms
accepting/denying/rejecting with counters and logging, inet/inet6/mixed),
renders each with Capirca's own generators, and answers flows with Capirca's
`aclcheck` (capirca.lib.aclcheck) as the oracle.

Speaks JSON lines on stdin/stdout, one request per line:
  {"op": "generate", "seed": S, "count": N}
      -> {"cases": [CASE, ...]}
  {"op": "render", "policy": POLICY, "flows": [FLOW, ...]}
      -> CASE   (the given policy and flows, rendered and answered again)
CASE = {"policy": POLICY, "source": text, "renderings": {TARGET: text | {"error": msg}},
        "flows": [FLOW, ...], "answers": [{"action": a | null, "term": t | null}]}
FLOW = {"src", "dst", "protocol" (Capirca's name), "proto" (its number),
        "sport"?, "dport"?, "icmpType"?}

The oracle is aclcheck with two documented extensions for what it ignores:
`icmp-type` (for an ICMP flow, the terms whose icmp-type list lacks the flow's
type, by Capirca's own policy.Term.ICMP_TYPE, are left out before aclcheck
walks the policy) and `source-exclude`/`destination-exclude` (the terms
excluding the flow's address are left out the same way). Generated policies
avoid what aclcheck cannot decide (`established`, `next`, fragments), and
excludes with an included prefix inside them: Capirca renders those for Junos
as `except` entries, which a device reads by longest match, so there the
included prefix wins where the policy (and aclcheck) subtracts it.
"""
import copy
import ipaddress
import json
import logging
import random
import sys

from capirca.lib import (aclcheck, arista, brocade, cisco, ciscoasa, cisconx, ciscoxr,
                         juniper, juniperevo, naming, policy, srxlo)

logging.disable(logging.CRITICAL)

PROTO_NUMBERS = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "gre": 47,
                 "esp": 50, "ah": 51, "ospf": 89, "pim": 103, "vrrp": 112}
ICMP_TYPES = policy.Term.ICMP_TYPE

# target id -> (generator, header option per family; a missing family is not rendered)
TARGETS = {
    "juniper": (juniper.Juniper, {"inet": "inet", "inet6": "inet6", "mixed": "mixed"}),
    # Junos EVO: IPv6 filters need a direction; ingress matches 'payload-protocol'
    "juniperevo": (juniperevo.JuniperEvo, {"inet": "inet", "inet6": "inet6 ingress",
                                           "mixed": "mixed ingress"}),
    "juniperevo-egress": (juniperevo.JuniperEvo, {"inet6": "inet6 egress",
                                                  "mixed": "mixed egress"}),
    # (Capirca refuses srxlo for policies with icmpv6: its own rename to icmp6)
    "srxlo": (srxlo.SRXlo, {"inet": "inet", "inet6": "inet6", "mixed": "mixed"}),
    "brocade": (brocade.Brocade, {"inet": "extended", "inet6": "inet6", "mixed": "mixed"}),
    "cisco": (cisco.Cisco, {"inet": "extended", "inet6": "inet6", "mixed": "mixed"}),
    "cisco-object-group": (cisco.Cisco, {"inet": "object-group"}),
    # a numbered extended list (the option names it)
    "cisco-numbered": (cisco.Cisco, {"inet": "150 extended"}),
    "arista": (arista.Arista, {"inet": "extended", "inet6": "inet6", "mixed": "mixed"}),
    "arista-object-group": (arista.Arista, {"inet": "object-group"}),
    "ciscoxr": (ciscoxr.CiscoXR, {"inet": "extended", "inet6": "inet6", "mixed": "mixed"}),
    "ciscoxr-object-group": (ciscoxr.CiscoXR, {"inet": "object-group"}),
    "cisconx": (cisconx.CiscoNX, {"inet": "extended", "inet6": "inet6", "mixed": "mixed"}),
    "cisconx-object-group": (cisconx.CiscoNX, {"inet": "object-group"}),
    # Capirca's ASA terms are IPv4 only (Term(af=4)): not rendered for inet6 / mixed
    "ciscoasa": (ciscoasa.CiscoASA, {"inet": ""}),
    "ciscoasa-numbered": (ciscoasa.CiscoASA, {"inet": "150"}),
}

# Ports that vendors name (Capirca's arista and ciscoasa write their names):
# drawn often, to exercise each dialect's name table.
NAMED_PORTS = [7, 9, 13, 19, 20, 21, 22, 23, 25, 37, 42, 43, 49, 53, 67, 68, 69, 70, 79, 80,
               88, 90, 101, 109, 110, 111, 113, 119, 123, 137, 138, 139, 143, 161, 162, 177,
               179, 194, 195, 389, 434, 443, 445, 464, 496, 500, 512, 513, 514, 515, 517, 518,
               520, 540, 543, 544, 636, 749, 750, 1645, 1646, 1812, 1813, 2049, 4500, 5060]

V4_ROOTS = ["10.0.0.0/8", "172.16.0.0/12", "192.0.2.0/24", "198.51.100.0/24",
            "203.0.113.0/24"]
V6_ROOTS = ["2001:db8::/32", "fd00::/8", "2001:db8:1::/48"]


def random_net(rng, roots):
    """A prefix inside one of the roots, often a host, often a child of another."""
    root = ipaddress.ip_network(rng.choice(roots))
    bits = root.max_prefixlen
    kind = rng.random()
    if kind < 0.25:
        plen = bits  # a host
    elif kind < 0.4:
        plen = root.prefixlen
    else:
        plen = rng.randint(root.prefixlen, bits)
    offset = rng.getrandbits(bits - root.prefixlen) if bits > root.prefixlen else 0
    addr = int(root.network_address) + offset
    return str(ipaddress.ip_network((addr, plen), strict=False))


def random_policy(rng):
    family = rng.choice(["inet", "inet", "inet6", "mixed"])
    roots = {"inet": [V4_ROOTS], "inet6": [V6_ROOTS], "mixed": [V4_ROOTS, V6_ROOTS]}[family]
    networks = {}
    for i in range(rng.randint(2, 5)):
        nets = []
        for _ in range(rng.randint(1, 3)):
            nets.append(random_net(rng, rng.choice(roots)))
        if rng.random() < 0.1:  # now and then an address of the other family
            nets.append(random_net(rng, V6_ROOTS if family == "inet" else V4_ROOTS))
        networks["NET%d" % i] = sorted(set(nets))
    services = {}
    for i in range(rng.randint(1, 4)):
        entries = []
        for _ in range(rng.randint(1, 3)):
            proto = rng.choice(["tcp", "udp"])
            if rng.random() < 0.6:
                entries.append("%d/%s" % (rng.choice(NAMED_PORTS + [1024, 8080,
                                                                    rng.randint(1, 65535)]), proto))
            else:
                lo = rng.choice([rng.randint(0, 65000), rng.choice(NAMED_PORTS)])
                hi = min(65535, lo + rng.choice([1, 10, 100, 1000, 20000]))
                if rng.random() < 0.3:  # a range ending on a named port
                    lo, hi = max(0, hi - rng.choice([1, 5, 50])), rng.choice(NAMED_PORTS)
                    lo, hi = min(lo, hi), max(lo, hi)
                entries.append("%d-%d/%s" % (lo, hi, proto))
        services["SVC%d" % i] = sorted(set(entries))
    icmp_families = {"inet": ["icmp"], "inet6": ["icmpv6"], "mixed": ["icmp", "icmpv6"]}[family]
    # one token a field, no excludes, no icmp-type: what Capirca's object-group
    # output can render (see render)
    simple = family == "inet" and rng.random() < 0.4
    most = 1 if simple else 2
    terms = []
    for i in range(rng.randint(1, 7)):
        t = {"name": "t%d" % i, "src": [], "srcExclude": [], "dst": [], "dstExclude": [],
             "sport": [], "dport": [], "protocol": [], "icmpType": [],
             "action": rng.choice(["accept", "accept", "accept", "deny", "deny", "reject",
                                   "reject-with-tcp-rst"]),
             "counter": None, "logging": False}
        for side in ("src", "dst"):
            if rng.random() < 0.5:
                t[side] = rng.sample(sorted(networks), rng.randint(1, most))
                parent = ipaddress.ip_network(networks[t[side][0]][0])
                if not simple and rng.random() < 0.2 and parent.prefixlen < parent.max_prefixlen:
                    # an exclude strictly inside the include (Capirca drops other excludes)
                    name = "EX%d%s" % (i, side)
                    networks[name] = [random_net(rng, [str(parent)])]
                    if networks[name][0] == str(parent):
                        networks[name] = [str(next(parent.subnets()))]
                    # ... and no included prefix inside the exclude: Junos reads an address
                    # list by longest match (`/32` beats a `/31 except` around it), so such a
                    # term's Junos rendering matches what aclcheck's policy subtracts
                    ex = ipaddress.ip_network(networks[name][0])
                    if any(n.version == ex.version and n.subnet_of(ex)
                           for n in (ipaddress.ip_network(p)
                                     for k in t[side] for p in networks[k])):
                        del networks[name]
                    else:
                        t[side + "Exclude"] = [name]
        kind = rng.random()
        if kind < 0.45:
            t["protocol"] = rng.choice([["tcp"], ["udp"], ["tcp", "udp"]])
            if rng.random() < 0.7:
                t["dport"] = rng.sample(sorted(services), min(len(services), rng.randint(1, most)))
            if rng.random() < 0.25:
                t["sport"] = rng.sample(sorted(services), 1)
        elif kind < 0.7:
            proto = rng.choice(icmp_families)
            t["protocol"] = [proto]
            if not simple and rng.random() < 0.6:
                names = sorted(ICMP_TYPES[4 if proto == "icmp" else 6])
                t["icmpType"] = sorted(rng.sample(names, rng.randint(1, 2)))
        elif kind < 0.85:
            t["protocol"] = [rng.choice(["gre", "esp", "ah", "ospf", "pim", "vrrp"])]
        if rng.random() < 0.3:
            t["counter"] = "c%d" % i
        if rng.random() < 0.3:
            t["logging"] = True
        terms.append(t)
    return {"family": family, "networks": networks, "services": services, "terms": terms}


def definitions(pol):
    defs = naming.Naming()
    defs.ParseNetworkList(["%s = %s" % (k, " ".join(v)) for k, v in pol["networks"].items()])
    defs.ParseServiceList(["%s = %s" % (k, " ".join(v)) for k, v in pol["services"].items()])
    return defs


def terms_text(terms):
    out = []
    for t in terms:
        lines = ["term %s {" % t["name"]]
        for key, word in [("src", "source-address"), ("srcExclude", "source-exclude"),
                          ("dst", "destination-address"), ("dstExclude", "destination-exclude"),
                          ("sport", "source-port"), ("dport", "destination-port"),
                          ("protocol", "protocol"), ("icmpType", "icmp-type")]:
            if t[key]:
                lines.append("  %s:: %s" % (word, " ".join(t[key])))
        if t["counter"]:
            lines.append("  counter:: %s" % t["counter"])
        if t["logging"]:
            lines.append("  logging:: true")
        lines.append("  action:: %s" % t["action"])
        lines.append("}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def source_text(pol):
    """The definitions and the policy's terms, as Capirca files would hold them."""
    nets = "".join("%s = %s\n" % (k, " ".join(v)) for k, v in pol["networks"].items())
    svcs = "".join("%s = %s\n" % (k, " ".join(v)) for k, v in pol["services"].items())
    return "# NETWORK.net\n%s# SERVICES.svc\n%s# policy (family %s)\n%s" % (
        nets, svcs, pol["family"], terms_text(pol["terms"]))


def parse_policy(pol, defs, header, optimize=True):
    text = "header {\n  target:: %s\n}\n\n%s" % (header, terms_text(pol["terms"]))
    return policy.ParsePolicy(text, defs, optimize=optimize)


def render(pol, defs):
    out = {}
    icmp_types = any(t["icmpType"] for t in pol["terms"])
    excludes = any(t["srcExclude"] or t["dstExclude"] for t in pol["terms"])
    several = any(len(t[k]) > 1 for t in pol["terms"] for k in ("src", "dst", "sport", "dport"))
    for target, (gen, options) in TARGETS.items():
        option = options.get(pol["family"])
        if option is None:
            continue
        if option == "object-group" and (icmp_types or excludes or several):
            # Capirca's defects: cisco.ObjectGroupTerm writes terms without their
            # icmp-type and without their excludes, and a term naming several
            # network or service tokens with one of them only, so the rendering
            # is not the policy: not compared
            out[target] = {"error": "object-group output drops icmp-type, excludes and all "
                                    "but one token of a list (Capirca)"}
            continue
        platform = gen._PLATFORM
        try:
            # the filter is named f unless the option starts with a number (its name)
            named = option[:1].isdigit()
            parsed = parse_policy(pol, defs, ("%s %s%s" % (platform, "" if named else "f ",
                                                            option)).strip())
            out[target] = str(gen(parsed, 2))
        except Exception as e:  # Capirca refuses this policy for this target
            out[target] = {"error": "%s: %s" % (type(e).__name__, e)}
    return out


def edge_addresses(net):
    """First, last, and just outside a prefix (when those exist)."""
    n = ipaddress.ip_network(net)
    first, last = int(n.network_address), int(n.broadcast_address)
    top = 2 ** n.max_prefixlen - 1
    picks = [first, last]
    if first > 0:
        picks.append(first - 1)
    if last < top:
        picks.append(last + 1)
    cls = ipaddress.IPv4Address if n.version == 4 else ipaddress.IPv6Address
    return [str(cls(p)) for p in picks]


def inside(rng, net):
    n = ipaddress.ip_network(net)
    size = n.num_addresses
    cls = ipaddress.IPv4Address if n.version == 4 else ipaddress.IPv6Address
    return str(cls(int(n.network_address) + rng.randrange(size)))


def random_addr(rng, version):
    if version == 4:
        return inside(rng, rng.choice(V4_ROOTS + ["0.0.0.0/0"]))
    return inside(rng, rng.choice(V6_ROOTS + ["::/0"]))


def port_edges(spec):
    ports = spec.split("/")[0]
    lo, _, hi = ports.partition("-")
    lo, hi = int(lo), int(hi or lo)
    return [p for p in {lo, hi, lo - 1, hi + 1} if 0 <= p <= 65535]


def make_flow(rng, version, proto, src, dst, sport=None, dport=None, icmp=None):
    f = {"src": src, "dst": dst, "protocol": proto, "proto": PROTO_NUMBERS[proto]}
    if proto in ("tcp", "udp"):
        f["sport"] = rng.randint(0, 65535) if sport is None else sport
        f["dport"] = rng.randint(0, 65535) if dport is None else dport
    if proto in ("icmp", "icmpv6"):
        f["icmpType"] = rng.randint(0, 255) if icmp is None else icmp
    return f


def flows_for(rng, pol, per_policy):
    """Flows at the edges of each term's ranges, then random ones."""
    versions = {"inet": [4], "inet6": [6], "mixed": [4, 6]}[pol["family"]]
    flows = []
    for t in pol["terms"]:
        for _ in range(3):
            version = rng.choice(versions)
            icmp_proto = "icmp" if version == 4 else "icmpv6"
            protos = [p for p in t["protocol"] if p not in ("icmp", "icmpv6") or p == icmp_proto]
            if "reject-with-tcp-rst" in t["action"] and not protos:
                protos = ["tcp"]
            proto = rng.choice(protos or ["tcp", "udp", icmp_proto, "gre"])

            def addr(names):
                nets = [n for k in names for n in pol["networks"][k]
                        if ipaddress.ip_network(n).version == version]
                if not nets:
                    return random_addr(rng, version)
                net = rng.choice(nets)
                return rng.choice(edge_addresses(net) + [inside(rng, net)])

            def port(names):
                specs = [s for k in names for s in pol["services"][k]
                         if s.endswith("/" + proto)]
                if not specs:
                    return None
                return rng.choice(port_edges(rng.choice(specs)))

            icmp = None
            if t["icmpType"] and proto in t["protocol"]:
                table = ICMP_TYPES[4 if proto == "icmp" else 6]
                icmp = max(0, table[rng.choice(t["icmpType"])] + rng.choice([-1, 0, 0, 1]))
            flows.append(make_flow(rng, version, proto,
                                   addr(t["src"] if rng.random() < 0.7 else t["srcExclude"]),
                                   addr(t["dst"] if rng.random() < 0.7 else t["dstExclude"]),
                                   port(t["sport"]), port(t["dport"]), icmp))
    while len(flows) < per_policy:
        version = rng.choice(versions)
        proto = rng.choice(["tcp", "udp", "tcp", "udp", "icmp" if version == 4 else "icmpv6",
                            "gre", "esp", "ospf"])
        all_nets = [n for v in pol["networks"].values() for n in v
                    if ipaddress.ip_network(n).version == version]
        pick = (lambda: inside(rng, rng.choice(all_nets))) if all_nets and rng.random() < 0.7 \
            else (lambda: random_addr(rng, version))
        flows.append(make_flow(rng, version, proto, pick(), pick()))
    return flows


def excluded(addr, nets):
    ip = ipaddress.ip_address(addr)
    return any(ip.version == n.version and ip in ipaddress.ip_network(str(n)) for n in nets)


def oracle(parsed, flow):
    """aclcheck's answer (with icmp-type and excludes honoured, see the module's note)."""
    icmp = flow["protocol"] in ("icmp", "icmpv6") and "icmpType" in flow
    table = ICMP_TYPES[4 if flow["protocol"] == "icmp" else 6]

    def applies(t):
        if icmp and t.icmp_type and flow["protocol"] in t.protocol and \
                flow["icmpType"] not in [table.get(n) for n in t.icmp_type]:
            return False
        return not (excluded(flow["src"], t.source_address_exclude)
                    or excluded(flow["dst"], t.destination_address_exclude))

    parsed = copy.copy(parsed)
    parsed.filters = [(h, [t for t in terms if applies(t)]) for h, terms in parsed.filters]
    check = aclcheck.AclCheck(parsed, src=flow["src"], dst=flow["dst"],
                              sport=str(flow.get("sport", "any")),
                              dport=str(flow.get("dport", "any")), proto=flow["protocol"])
    exact = check.ExactMatches()
    if exact:
        return {"action": exact[0].action, "term": exact[0].term}
    return {"action": None, "term": None}


def case(pol, flows):
    defs = definitions(pol)
    parsed = parse_policy(pol, defs, "juniper f %s" % pol["family"])
    return {"policy": pol, "source": source_text(pol), "renderings": render(pol, defs),
            "flows": flows,
            "answers": [oracle(parsed, f) for f in flows]}


# How Capirca refuses a policy: its own errors, and a TypeError from address
# optimisation when an exclude list mixes IPv4 and IPv6 (nacaddr._SafeToMerge).
REFUSALS = (policy.Error, TypeError)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        if req["op"] == "generate":
            rng = random.Random(req["seed"])
            cases, refused = [], 0
            while len(cases) < req["count"]:
                pol = random_policy(rng)
                try:
                    cases.append(case(pol, flows_for(rng, pol, req.get("flows", 24))))
                except REFUSALS:  # Capirca refuses the policy itself: draw another
                    refused += 1
            reply = {"cases": cases, "refused": refused}
        elif req["op"] == "render":
            try:
                reply = case(req["policy"], req["flows"])
            except REFUSALS as e:
                reply = {"invalid": "%s: %s" % (type(e).__name__, e)}
        else:
            reply = {"error": "unknown op %r" % req["op"]}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
