/**
 * The configuration lines an IOS-style lab device keeps: top-level lines and
 * blocks (`interface ...`, `ip access-list extended NAME` with their indented
 * lines), with the `no` forms real devices honour for whole statements
 * (`no ip access-list extended NAME`, `no access-list 115`, `no interface X`),
 * also against the statements of the platform's sample configuration.
 *
 * @module
 */

/** One top-level statement and the lines typed in its sub-mode. */
interface Block {
  header: string;
  children: string[];
}

/** Where a configuration line was typed. */
export interface ConfigLineContext {
  /** The CLI mode the line was typed in (`config`, `config-if`...). */
  mode: string;
  /** The line opens a sub-mode (`interface X`, `ip access-list extended X`). */
  opens: boolean;
}

/** Configuration added through the CLI of one IOS-style device. */
export class IosConfig {
  readonly #blocks: Block[] = [];
  /** Statements of the sample configuration removed with `no`. */
  readonly #removed = new Set<string>();
  /** The block each session is typing into. */
  readonly #current = new Map<number, Block>();

  /** Applies one line typed by `session`. */
  apply(session: number, line: string, where: ConfigLineContext): void {
    const text = line.trim();
    if (where.opens || where.mode === "config") this.#current.delete(session);
    if (!where.opens && where.mode !== "config") {
      const block = this.#current.get(session);
      if (block !== undefined) {
        const negated = /^no\s+(.*)$/.exec(text);
        if (negated) {
          const i = block.children.indexOf(negated[1]!);
          if (i >= 0) block.children.splice(i, 1);
        } else block.children.push(text);
        return;
      }
    }
    const no = /^no\s+(.*)$/.exec(text);
    if (no && !where.opens) return this.#remove(no[1]!.trim());
    let block = where.opens ? this.#blocks.find((b) => b.header === text) : undefined;
    if (block === undefined) {
      block = { header: text, children: [] };
      this.#blocks.push(block);
    }
    if (where.opens) this.#current.set(session, block);
  }

  /** Removes a statement: a block by its header, or every `access-list N ...` line. */
  #remove(statement: string): void {
    this.#removed.add(statement);
    const numbered = /^access-list \S+$/.test(statement);
    for (let i = this.#blocks.length - 1; i >= 0; i--) {
      const h = this.#blocks[i]!.header;
      if (h === statement || (numbered && h.startsWith(statement + " "))) {
        this.#blocks.splice(i, 1);
      }
    }
  }

  /** The sample configuration without the removed statements. */
  filterTemplate(text: string): string {
    if (this.#removed.size === 0) return text;
    const out: string[] = [];
    let skipping = false;
    for (const line of text.split("\n")) {
      const indented = /^\s/.test(line) && line.trim() !== "";
      if (skipping && indented) continue;
      skipping = false;
      const t = line.trimEnd().replace(/\s+/g, " ");
      const gone = [...this.#removed].some((r) =>
        t === r || (/^access-list \S+$/.test(r) && t.startsWith(r + " "))
      );
      if (gone) {
        skipping = true;
        continue;
      }
      out.push(line);
    }
    return out.join("\n");
  }

  /** The added statements as running-config text (blocks end with `!`), or `""`. */
  text(): string {
    if (this.#blocks.length === 0) return "";
    return this.#blocks.map((b) =>
      [b.header, ...b.children.map((c) => ` ${c}`)].join("\n") + (b.children.length ? "\n!" : "")
    ).join("\n") + "\n!\n";
  }

  /** Forgets a session's sub-mode (it ended). */
  sessionClosed(session: number): void {
    this.#current.delete(session);
  }
}
