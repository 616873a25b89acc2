/**
 * The shape of one emulated platform: pure data (prompts, banners, command
 * tables, error wording, pager) that the shared CLI engine interprets. A
 * vendor emulator is one of these plus {@linkcode CliEngine}.
 *
 * Text fields may hold placeholders such as `{{hostname}}` that the engine
 * fills in per device and per call (see `render()` in `template.ts`).
 *
 * @module
 */

/** What a command does besides printing its `output`. */
export type LabAction =
  | "enable"
  | "disable"
  | "configure"
  | "end"
  | "exit"
  | "logout"
  | "pagingOff"
  | "pagingOn"
  | "configLine"
  | "commit"
  | "showRunning"
  | "showAcls"
  | "sessionConfigure"
  | "sessionCommit"
  | "sessionAbort";

/** One command the emulated device knows. */
export interface LabCommand {
  /** Keywords, space separated, each abbreviable (`show version` accepts `sh ver`). */
  words: string;
  /** Modes it is valid in (mode names of the profile). */
  modes: readonly string[];
  /** Text printed (placeholders allowed); lines end with `\n`. */
  output?: string;
  /** Side effect. */
  action?: LabAction;
  /** Accepts trailing arguments after the keywords (`interface Gi0/1`). */
  args?: boolean;
  /** Arguments are required (otherwise the incomplete-command error). */
  argsRequired?: boolean;
  /** Mode entered after the command (config sub-modes such as `config-if`). */
  enters?: string;
  /**
   * A question printed first (`Destination filename [startup-config]? `);
   * the command runs once a line is typed (empty: the default), and not at
   * all when the answer starts with `n`.
   */
  confirm?: string;
}

/** One CLI mode: its prompt and where `exit` leads. */
export interface LabMode {
  /** Mode name (`exec`, `enable`, `config`, `config-if`...). */
  name: string;
  /** Prompt text with placeholders (`{{hostname}}#`). */
  prompt: string;
  /** Mode that `exit` returns to; absent means `exit` ends the session. */
  exitTo?: string;
  /** Text printed before the prompt on entering the mode (Junos `[edit]`). */
  banner?: string;
  /** Lines typed here that match no command are stored as configuration. */
  acceptsConfig?: boolean;
}

/** How the device words its errors. */
export interface LabErrors {
  /**
   * Invalid input; `{{caret}}` is replaced by spaces and `^` under the bad
   * word, `{{command}}` by the input.
   */
  invalid: string;
  /** Invalid first word, when the vendor words it differently (Junos `unknown command.`). */
  invalidFirst?: string;
  /** A command that needs more words. */
  incomplete: string;
  /** An abbreviation matching several commands; `{{command}}` is the input. */
  ambiguous: string;
  /** The caret line counts the prompt's width as well (IOS, Junos). */
  caretIncludesPrompt: boolean;
}

/** The device's pager. */
export interface LabPager {
  /** Prompt shown when the screen is full (` --More-- `). */
  prompt: string;
  /** Lines per page. @default {24} */
  lines?: number;
  /** Bytes written after a key to erase the pager prompt. */
  erase: string;
}

/** Inventory facts written to `netdevices.json`. */
export interface LabInventoryFacts {
  /** The CMDB manufacturer string (`CISCO SYSTEMS`). */
  manufacturer: string;
  /** Canonical vendor key (`cisco`). */
  vendor: string;
  /** `ROUTER`, `SWITCH`, `FIREWALL`, `LOAD_BALANCER`. */
  deviceType: string;
  /** Hardware make. */
  make: string;
  /** Hardware model. */
  model: string;
  /** Operating system name (`IOS`, `NX-OS`, `JUNOS`). */
  operatingSystem: string;
}

/** A complete emulated platform. */
export interface LabPlatform {
  /** Platform id, `<vendor>_<os>` (`cisco_ios`). */
  id: string;
  /** Inventory facts. */
  inventory: LabInventoryFacts;
  /** SSH software version string after `SSH-2.0-` (`Cisco-1.25`). */
  sshIdent: string;
  /** Text sent before login (SSH banner, telnet pre-login). */
  banner: string;
  /** Text printed after login, before the first prompt. */
  motd: string;
  /** Telnet login prompts. */
  telnetLogin: { username: string; password: string; failed: string };
  /** Mode a fresh session starts in. */
  initialMode: string;
  /** Every mode. */
  modes: readonly LabMode[];
  /** Prompt for the enable password. @default {"Password: "} */
  enablePrompt?: string;
  /** Message when the enable password is wrong. */
  enableFailed?: string;
  /** Commands. */
  commands: readonly LabCommand[];
  /** Error wording. */
  errors: LabErrors;
  /** Pager. */
  pager: LabPager;
  /** Output pipes that turn paging off for one command (`| no-more`). */
  noMorePipes?: readonly string[];
  /** The running configuration (placeholders allowed). `{{extra}}` marks where new lines go. */
  runningConfig: string;
  /**
   * How configuration is kept: IOS-style lines and blocks (with `no` forms),
   * a Junos tree, or `flat` lines shown as typed (set-style CLIs: PAN-OS,
   * PicOS, NCLU, tmsh). @default {"lines"}
   */
  configFormat?: "lines" | "junos" | "flat";
  /** Line ending the device writes. @default {"\r\n"} */
  newline?: string;
  /** Message printed on logout. */
  logoutMessage?: string;
  /** Text printed when a config line is stored (Junos: nothing; ASA: nothing). */
  configAck?: string;
  /** Output of the `commit` action. */
  commitOutput?: string;
  /**
   * Access lists kept as IOS keeps them (entries with sequence numbers,
   * `show ip access-lists`), instead of as plain configuration blocks.
   * @default {false}
   */
  sequencedAcls?: boolean;
}
