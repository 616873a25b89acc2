/**
 * What Foundry-heritage platforms (FastIron, NetIron MLX, ServerIron ADX)
 * share: `SSH@host>` prompts, `skip-page-display`, the `--More--, next page`
 * pager and `Invalid input ->` errors.
 *
 * @module
 */
import type { LabCommand, LabInventoryFacts, LabPlatform } from "../profile.ts";
import { iosBaseCommands, iosModes, shows } from "./_ioslike.ts";

/** Builds a Foundry-style platform from its own outputs. */
export function foundryPlatform(options: {
  id: string;
  inventory: LabInventoryFacts;
  outputs: Readonly<Record<string, string>>;
  runningConfig: string;
  extra?: LabCommand[];
}): LabPlatform {
  return {
    id: options.id,
    inventory: options.inventory,
    sshIdent: "RomSShell_4.62",
    banner: "",
    motd: "\n",
    telnetLogin: {
      username: "Please Enter Login Name  : ",
      password: "Please Enter Password  : ",
      failed: "Login incorrect\n",
    },
    initialMode: "exec",
    modes: iosModes({
      exec: "SSH@{{hostname}}>",
      enable: "SSH@{{hostname}}#",
      config: "SSH@{{hostname}}(config)#",
      sub: "SSH@{{hostname}}(config-if-e1000-1/1)#",
    }),
    enableFailed: "Error - Incorrect username or password.\n",
    commands: [
      ...iosBaseCommands({
        paging: ["skip-page-display"],
        pagingOn: ["page-display"],
        subModeWords: ["interface", "router", "vlan"],
      }),
      ...shows(options.outputs),
      ...(options.extra ?? []),
    ],
    errors: {
      invalid: "Invalid input -> {{command}}\nType ? for a list\n",
      incomplete: "Incomplete command.\n",
      ambiguous: "Ambiguous input -> {{command}}\nType ? for a list\n",
      caretIncludesPrompt: false,
    },
    pager: {
      prompt: "--More--, next page: Space, next line: Return key, quit: Control-c",
      erase: "\r" + " ".repeat(66) + "\r",
    },
    runningConfig: options.runningConfig,
  };
}
