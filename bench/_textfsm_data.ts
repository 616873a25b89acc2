/**
 * Data for the TextFSM benchmarks: an IOS `show interfaces` output of many
 * interfaces and the ntc-templates style template used in the tests.
 *
 * @module
 */

/** The `show interfaces` template of the differential tests. */
export const TEMPLATE_PATH: string =
  new URL("../tests/textfsm/cases/cisco_ios_show_interfaces.textfsm", import.meta.url).pathname;

/** Generates `show interfaces` output for `count` interfaces. */
export function showInterfaces(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(4, "0");
    const up = i % 7 !== 0;
    parts.push(
      `GigabitEthernet${Math.floor(i / 48)}/${i % 48} is ${
        up ? "up" : "administratively down"
      }, line protocol is ${up ? "up" : "down"}
  Hardware is iGbE, address is 5254.00${hex.slice(0, 2)}.${hex}${" "}(bia 5254.00${
        hex.slice(0, 2)
      }.${hex})
  Description: link ${i} to access-${i % 100}
  Internet address is 10.${(i >> 8) & 255}.${i & 255}.1/30
  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec,
     reliability 255/255, txload 1/255, rxload 1/255
  Encapsulation ARPA, loopback not set
  Full Duplex, 1Gbps, media type is RJ45
  5 minute input rate ${i * 13} bits/sec, ${i % 50} packets/sec
  5 minute output rate ${i * 7} bits/sec, ${i % 30} packets/sec
     ${i * 101} packets input, ${i * 9999} bytes, 0 no buffer
     ${i % 3} input errors, ${i % 2} CRC, 0 frame, 0 overrun, 0 ignored
`,
    );
  }
  return parts.join("");
}
