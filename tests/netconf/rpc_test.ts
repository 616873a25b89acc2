import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { commandOutput } from "../../lib/netconf/junos.ts";
import { parseRpcReply } from "../../lib/netconf/reply.ts";
import {
  buildRpc,
  commitConfigurationRpc,
  commitRpc,
  editConfigRpc,
  getConfigRpc,
  getRpc,
  junosCommandRpc,
  loadConfigurationRpc,
  lockRpc,
} from "../../lib/netconf/rpc.ts";
import { NetconfRpcError } from "../../lib/netconf/rpc_error.ts";
import { escapeXml, parseXml } from "../../lib/netconf/xml.ts";

Deno.test("RPC builders produce RFC 6241 operations", () => {
  strictEqual(getRpc(), "<get></get>");
  strictEqual(getRpc("<a/>"), '<get><filter type="subtree"><a/></filter></get>');
  strictEqual(getConfigRpc("candidate"), "<get-config><source><candidate/></source></get-config>");
  strictEqual(
    editConfigRpc("<x/>", { target: "running", defaultOperation: "replace", testOption: "set" }),
    "<edit-config><target><running/></target><default-operation>replace</default-operation>" +
      "<test-option>set</test-option><config><x/></config></edit-config>",
  );
  strictEqual(lockRpc(), "<lock><target><candidate/></target></lock>");
  strictEqual(lockRpc("running", true), "<unlock><target><running/></target></unlock>");
  strictEqual(commitRpc(), "<commit></commit>");
  strictEqual(
    commitRpc({ confirmed: true, confirmTimeout: 120, persist: "a&b" }),
    "<commit><confirmed/><confirm-timeout>120</confirm-timeout><persist>a&amp;b</persist></commit>",
  );
  throws(() => commitRpc({ confirmed: true, confirmTimeout: 0 }), RangeError);
  throws(() => getConfigRpc("run/><evil"), TypeError);
  strictEqual(
    buildRpc('1"', "<get/>"),
    '<rpc message-id="1&quot;" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get/></rpc>',
  );
});

Deno.test("Junos builders escape text and keep XML configuration verbatim", () => {
  strictEqual(junosCommandRpc("show version"), '<command format="text">show version</command>');
  strictEqual(
    loadConfigurationRpc("system { host-name <r1>; }", { action: "replace" }),
    '<load-configuration action="replace" format="text"><configuration-text>' +
      "system { host-name &lt;r1&gt;; }</configuration-text></load-configuration>",
  );
  strictEqual(
    loadConfigurationRpc("set system host-name r1", { action: "set", format: "set" }),
    '<load-configuration action="set" format="text"><configuration-set>' +
      "set system host-name r1</configuration-set></load-configuration>",
  );
  strictEqual(
    loadConfigurationRpc("<configuration><system/></configuration>", { format: "xml" }),
    '<load-configuration action="merge" format="xml"><configuration><system/></configuration>' +
      "</load-configuration>",
  );
  strictEqual(
    commitConfigurationRpc({ confirmed: true, confirmTimeout: 5, comment: "x<y" }),
    "<commit-configuration><confirmed/><confirm-timeout>5</confirm-timeout><log>x&lt;y</log>" +
      "</commit-configuration>",
  );
  strictEqual(
    commitConfigurationRpc({ check: true }),
    "<commit-configuration><check/></commit-configuration>",
  );
});

Deno.test("escapeXml() output parses back to the original text", () => {
  const nasty = `a<b>&c"d'e ]]>]]> \u00e9`;
  const doc = parseXml(`<x a="${escapeXml(nasty)}">${escapeXml(nasty)}</x>`);
  deepStrictEqual(doc, { x: { "@_a": nasty, "#text": nasty } });
});

Deno.test("parseRpcReply() reads ok, data, warnings and several errors", () => {
  const ok = parseRpcReply(
    '<?xml version="1.0"?><nc:rpc-reply xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" ' +
      'message-id="9"><nc:ok/></nc:rpc-reply>',
  );
  strictEqual(ok.ok, true);
  strictEqual(ok.messageId, "9");
  const data = parseRpcReply('<rpc-reply message-id="2"><data><a>1</a></data></rpc-reply>');
  deepStrictEqual(data.data, { a: "1" });
  const errs = parseRpcReply(
    '<rpc-reply message-id="4"><rpc-error><error-severity>warning</error-severity>' +
      "<error-message>just saying</error-message></rpc-error><rpc-error>" +
      "<error-type>application</error-type><error-tag>invalid-value</error-tag>" +
      "<error-path>/a/b</error-path></rpc-error></rpc-reply>",
  );
  strictEqual(errs.errors.length, 2);
  const e = new NetconfRpcError(errs.errors, { host: "r1", reply: errs.xml });
  strictEqual(e.errorTag, "invalid-value"); // the first real error, not the warning
  strictEqual(e.errorSeverity, "error"); // absent severity counts as error
  strictEqual(e.errorPath, "/a/b");
  strictEqual(e.message, 'NETCONF request to "r1" failed: invalid-value: /a/b');
  throws(() => parseRpcReply("<hello/>"), (x) => isTriggerError(x, "PROTOCOL_ERROR"));
  throws(
    () => parseRpcReply("<rpc-reply><a></rpc-reply>"),
    (x) => isTriggerError(x, "PROTOCOL_ERROR"),
  );
});

Deno.test("commandOutput() keeps CLI whitespace exactly", () => {
  const xml = '<rpc-reply xmlns:junos="http://xml.juniper.net/junos/*/junos">\n' +
    "<output>\nHostname: r1\n  Model: mx960\n</output>\n</rpc-reply>";
  strictEqual(commandOutput(xml), "\nHostname: r1\n  Model: mx960\n");
  strictEqual(commandOutput("<rpc-reply><ok/></rpc-reply>"), "");
});
