/**
 * The part of the `Deno` namespace that `lib/` and `cli/` use, written over
 * `node:` APIs, for the single binary built with bun (which has no `Deno`
 * global). Only the binary entry `cli/binary.ts` imports this module; under
 * Deno it installs nothing.
 *
 * {@linkcode SHIMMED} lists what is covered; `tests/cli/deno_shim_test.ts`
 * fails when code in `lib/` or `cli/` uses a `Deno.*` name missing from it,
 * and compares each function with the real one under Deno.
 *
 * File locks (`FsFile.lock`) are `flock(2)` called through `bun:ffi`, the
 * same lock Deno takes, so the binary and `deno run` exclude each other.
 *
 * Kept (issue 16 §3 review): Deno's own Node shim, `@deno/shim-deno` (npm,
 * 0.19.2), lacks what this code uses most: no `Deno.exitCode`, no
 * `FsFile.lock` (the store and change-log locks), and it has only the removed
 * `Deno.run`; and it shims far more than the binary needs. This module
 * covers exactly the names in {@linkcode SHIMMED}, each checked against the
 * real one by the test.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";
import * as net from "node:net";
import * as os from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Readable } from "node:stream";
import * as tty from "node:tty";
import { inspect as nodeInspect } from "node:util";

/** The `Deno.errors` classes the shim defines (node error codes map to them). */
const ERROR_NAMES = [
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "IsADirectory",
  "NotADirectory",
  "ConnectionRefused",
  "ConnectionReset",
  "ConnectionAborted",
  "AddrInUse",
  "AddrNotAvailable",
  "BrokenPipe",
  "TimedOut",
  "Interrupted",
  "WouldBlock",
  "NetworkUnreachable",
  "NotSupported",
  "BadResource",
  "InvalidData",
  "FilesystemLoop",
] as const;

type ErrorName = typeof ERROR_NAMES[number];

/**
 * Every `Deno.*` name the shim provides, as written after `Deno.` in code
 * (`"env.get"`, `"errors.NotFound"`, `"stdout.writeSync"`). Type-only names
 * (`FileInfo`, `FsFile`, `TcpConn`) are in {@linkcode SHIMMED_TYPES}.
 */
export const SHIMMED: readonly string[] = [
  "args",
  "exit",
  "exitCode",
  "env.get",
  "env.set",
  "env.delete",
  "env.has",
  "env.toObject",
  "build.os",
  "build.arch",
  "build.target",
  "cwd",
  "chdir",
  "pid",
  "uid",
  "hostname",
  ...ERROR_NAMES.map((n) => `errors.${n}`),
  "readTextFile",
  "readTextFileSync",
  "readFile",
  "readFileSync",
  "writeTextFile",
  "writeTextFileSync",
  "writeFile",
  "writeFileSync",
  "remove",
  "removeSync",
  "makeTempDir",
  "makeTempDirSync",
  "makeTempFile",
  "makeTempFileSync",
  "mkdir",
  "mkdirSync",
  "stat",
  "statSync",
  "lstat",
  "lstatSync",
  "rename",
  "renameSync",
  "chmod",
  "chmodSync",
  "realPath",
  "realPathSync",
  "link",
  "readDir",
  "open",
  "connect",
  "stdin.readable",
  "stdin.isTerminal",
  "stdin.setRaw",
  "stdout.writeSync",
  "stdout.write",
  "stdout.isTerminal",
  "stderr.writeSync",
  "stderr.write",
  "stderr.isTerminal",
  "consoleSize",
  "addSignalListener",
  "removeSignalListener",
  "inspect",
  "customInspect",
];

/** `Deno.*` type names used in code; the shim's objects have their shape. */
export const SHIMMED_TYPES: readonly string[] = ["FileInfo", "FsFile", "TcpConn"];

// ---------------------------------------------------------------- errors

/** A `Deno.errors` class. */
type ErrorClass = new (message?: string, options?: ErrorOptions) => Error;

/** The `Deno.errors` classes, by name. */
function makeErrorClasses(): Record<ErrorName, ErrorClass> {
  const classes = {} as Record<ErrorName, ErrorClass>;
  for (const name of ERROR_NAMES) {
    const cls = class extends Error {
      constructor(message?: string, options?: ErrorOptions) {
        super(message, options);
        this.name = name;
      }
    };
    Object.defineProperty(cls, "name", { value: name });
    classes[name] = cls;
  }
  return classes;
}

const errors = makeErrorClasses();

/** Node error codes and the `Deno.errors` class each becomes (as Deno maps them). */
const CODE_TO_CLASS: Readonly<Record<string, ErrorName>> = {
  ENOENT: "NotFound",
  EEXIST: "AlreadyExists",
  EACCES: "PermissionDenied",
  EPERM: "PermissionDenied",
  EISDIR: "IsADirectory",
  ENOTDIR: "NotADirectory",
  ECONNREFUSED: "ConnectionRefused",
  ECONNRESET: "ConnectionReset",
  ECONNABORTED: "ConnectionAborted",
  EADDRINUSE: "AddrInUse",
  EADDRNOTAVAIL: "AddrNotAvailable",
  EPIPE: "BrokenPipe",
  ETIMEDOUT: "TimedOut",
  EINTR: "Interrupted",
  EAGAIN: "WouldBlock",
  ENETUNREACH: "NetworkUnreachable",
  ELOOP: "FilesystemLoop",
  ENOTSUP: "NotSupported",
  EBADF: "BadResource",
};

/** Turns a node error into the `Deno.errors` class Deno would throw (code kept). */
function mapError(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string") return e;
  const name = CODE_TO_CLASS[code];
  if (name === undefined) return e;
  const cls = errors[name];
  const mapped = new cls(e.message, { cause: e });
  Object.defineProperty(mapped, "code", { value: code, enumerable: true });
  return mapped;
}

async function wrap<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw mapError(e);
  }
}

function wrapSync<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw mapError(e);
  }
}

// ---------------------------------------------------------------- files

type PathLike = string | URL;

/** `Deno.FileInfo`. */
export interface FileInfo {
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** A symbolic link (from `lstat` only). */
  isSymlink: boolean;
  /** Size in bytes. */
  size: number;
  /** Last modification. */
  mtime: Date | null;
  /** Last access. */
  atime: Date | null;
  /** Creation. */
  birthtime: Date | null;
  /** Last status change. */
  ctime: Date | null;
  /** Device. */
  dev: number;
  /** Inode. */
  ino: number | null;
  /** Type and permission bits (`st_mode`). */
  mode: number | null;
  /** Hard links. */
  nlink: number | null;
  /** Owner. */
  uid: number | null;
  /** Group. */
  gid: number | null;
  /** Device id of a special file. */
  rdev: number | null;
  /** Block size. */
  blksize: number | null;
  /** Blocks allocated. */
  blocks: number | null;
  /** A block device. */
  isBlockDevice: boolean | null;
  /** A character device. */
  isCharDevice: boolean | null;
  /** A FIFO. */
  isFifo: boolean | null;
  /** A socket. */
  isSocket: boolean | null;
}

function fileInfo(s: fs.Stats): FileInfo {
  const win = process.platform === "win32";
  return {
    isFile: s.isFile(),
    isDirectory: s.isDirectory(),
    isSymlink: s.isSymbolicLink(),
    size: s.size,
    mtime: s.mtime,
    atime: s.atime,
    birthtime: s.birthtime,
    ctime: s.ctime,
    dev: s.dev,
    ino: win ? null : s.ino,
    mode: win ? null : s.mode,
    nlink: win ? null : s.nlink,
    uid: win ? null : s.uid,
    gid: win ? null : s.gid,
    rdev: win ? null : s.rdev,
    blksize: win ? null : s.blksize,
    blocks: win ? null : s.blocks,
    isBlockDevice: win ? null : s.isBlockDevice(),
    isCharDevice: win ? null : s.isCharacterDevice(),
    isFifo: win ? null : s.isFIFO(),
    isSocket: win ? null : s.isSocket(),
  };
}

/** `Deno.WriteFileOptions`. */
export interface WriteFileOptions {
  /** Append instead of replacing. */
  append?: boolean;
  /** Create the file if missing (default true). */
  create?: boolean;
  /** Fail if the file exists. */
  createNew?: boolean;
  /** Permissions, applied to new and existing files (as Deno does). */
  mode?: number;
  /** Cancels the write. */
  signal?: AbortSignal;
}

function writeFlags(o: WriteFileOptions): number {
  const c = fs.constants;
  let flags = c.O_WRONLY | (o.append ? c.O_APPEND : c.O_TRUNC);
  if (o.createNew) flags |= c.O_CREAT | c.O_EXCL;
  else if (o.create !== false) flags |= c.O_CREAT;
  return flags;
}

async function writeFile(
  path: PathLike,
  data: Uint8Array,
  o: WriteFileOptions = {},
): Promise<void> {
  o.signal?.throwIfAborted();
  await wrap(fsp.writeFile(path, data, { flag: writeFlags(o), mode: o.mode ?? 0o666 }));
  if (o.mode !== undefined && process.platform !== "win32") await wrap(fsp.chmod(path, o.mode));
}

function writeFileSync(path: PathLike, data: Uint8Array, o: WriteFileOptions = {}): void {
  const fd = wrapSync(() => fs.openSync(path, writeFlags(o), o.mode ?? 0o666));
  try {
    let off = 0;
    while (off < data.length) off += wrapSync(() => fs.writeSync(fd, data, off));
  } finally {
    fs.closeSync(fd);
  }
  if (o.mode !== undefined && process.platform !== "win32") {
    wrapSync(() => fs.chmodSync(path, o.mode!));
  }
}

const encoder = new TextEncoder();

function bytesView(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** `Deno.RemoveOptions`. */
export interface RemoveOptions {
  /** Remove a directory and everything in it. */
  recursive?: boolean;
}

async function remove(path: PathLike, o: RemoveOptions = {}): Promise<void> {
  if (o.recursive) return await wrap(fsp.rm(path, { recursive: true }));
  const st = await wrap(fsp.lstat(path));
  await wrap(st.isDirectory() ? fsp.rmdir(path) : fsp.unlink(path));
}

function removeSync(path: PathLike, o: RemoveOptions = {}): void {
  if (o.recursive) return wrapSync(() => fs.rmSync(path, { recursive: true }));
  const st = wrapSync(() => fs.lstatSync(path));
  wrapSync(() => (st.isDirectory() ? fs.rmdirSync(path) : fs.unlinkSync(path)));
}

/** `Deno.MakeTempOptions`. */
export interface MakeTempOptions {
  /** Parent directory (default: the system's temporary directory). */
  dir?: string;
  /** Start of the name. */
  prefix?: string;
  /** End of the name. */
  suffix?: string;
}

function tempName(o: MakeTempOptions): string {
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString("hex");
  return join(o.dir ?? os.tmpdir(), `${o.prefix ?? ""}${random}${o.suffix ?? ""}`);
}

async function makeTemp(
  o: MakeTempOptions,
  make: (p: string) => Promise<unknown>,
): Promise<string> {
  for (;;) {
    const path = tempName(o);
    try {
      await make(path);
      return path;
    } catch (e) {
      if ((e as { code?: unknown }).code !== "EEXIST") throw mapError(e);
    }
  }
}

function makeTempSync(o: MakeTempOptions, make: (p: string) => unknown): string {
  for (;;) {
    const path = tempName(o);
    try {
      make(path);
      return path;
    } catch (e) {
      if ((e as { code?: unknown }).code !== "EEXIST") throw mapError(e);
    }
  }
}

/** `Deno.MkdirOptions`. */
export interface MkdirOptions {
  /** Create missing parents; an existing directory is not an error. */
  recursive?: boolean;
  /** Permissions (before the umask). */
  mode?: number;
}

/** `Deno.DirEntry`. */
export interface DirEntry {
  /** The entry's name (no directory). */
  name: string;
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** A symbolic link. */
  isSymlink: boolean;
}

async function* readDir(path: PathLike): AsyncIterableIterator<DirEntry> {
  const entries = await wrap(fsp.readdir(path, { withFileTypes: true }));
  for (const e of entries) {
    yield {
      name: e.name,
      isFile: e.isFile(),
      isDirectory: e.isDirectory(),
      isSymlink: e.isSymbolicLink(),
    };
  }
}

// ---------------------------------------------------------------- flock

interface Flock {
  /** `flock(fd, op)`; -1 with `errno()` set on failure. */
  flock(fd: number, op: number): number;
  /** The calling thread's errno. */
  errno(): number;
  /** EWOULDBLOCK on this platform. */
  wouldBlock: number;
}

let flockLib: Promise<Flock | undefined> | undefined;

/** Loads `flock` from libc through `bun:ffi`; `undefined` when not under bun or on Windows. */
function loadFlock(): Promise<Flock | undefined> {
  flockLib ??= (async () => {
    if (process.platform === "win32" || !("Bun" in globalThis)) return undefined;
    const spec = "bun:ffi"; // not a literal, so Deno's type checker leaves it alone
    const ffi = (await import(spec)) as {
      dlopen(
        path: string,
        defs: Record<string, { args: string[]; returns: string }>,
      ): { symbols: Record<string, (...a: number[]) => unknown> };
      read: { i32(ptr: unknown, offset: number): number };
    };
    const darwin = process.platform === "darwin";
    const errnoFn = darwin ? "__error" : "__errno_location";
    const lib = ffi.dlopen(darwin ? "libc.dylib" : "libc.so.6", {
      flock: { args: ["i32", "i32"], returns: "i32" },
      [errnoFn]: { args: [], returns: "ptr" },
    });
    const sym = lib.symbols;
    return {
      flock: (fd, op) => sym.flock!(fd, op) as number,
      errno: () => ffi.read.i32(sym[errnoFn]!(), 0),
      wouldBlock: darwin ? 35 : 11,
    };
  })();
  return flockLib;
}

const LOCK_SH = 1;
const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;
const EINTR = 4;

/** Takes (polling without blocking the event loop) or releases an flock. */
async function flock(fd: number, op: number): Promise<void> {
  const lib = await loadFlock();
  if (lib === undefined) return; // Windows, or a runtime without bun:ffi: in-process only
  let wait = 1;
  for (;;) {
    if (lib.flock(fd, op | (op === LOCK_UN ? 0 : LOCK_NB)) === 0) return;
    const errno = lib.errno();
    if (errno !== lib.wouldBlock && errno !== EINTR) {
      const e = new Error(`flock failed (os error ${errno})`);
      throw errno === 9 ? new errors.BadResource(e.message) : e;
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 50);
  }
}

// ---------------------------------------------------------------- FsFile

/** `Deno.OpenOptions`. */
export interface OpenOptions {
  /** Open for reading (the default when nothing else is asked). */
  read?: boolean;
  /** Open for writing. */
  write?: boolean;
  /** Append writes at the end. */
  append?: boolean;
  /** Empty the file. */
  truncate?: boolean;
  /** Create if missing (needs write or append). */
  create?: boolean;
  /** Create, failing if it exists. */
  createNew?: boolean;
  /** Permissions of a new file (before the umask). */
  mode?: number;
}

function openFlags(o: OpenOptions): number {
  const c = fs.constants;
  const read = o.read ?? !(o.write || o.append);
  const write = o.write === true || o.append === true;
  let flags = read && write ? c.O_RDWR : write ? c.O_WRONLY : c.O_RDONLY;
  if (o.append) flags |= c.O_APPEND;
  if (o.createNew) flags |= c.O_CREAT | c.O_EXCL;
  else {
    if (o.create) flags |= c.O_CREAT;
    if (o.truncate) flags |= c.O_TRUNC;
  }
  return flags;
}

function call<T>(fn: (cb: (err: Error | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    fn((err, value) => (err ? reject(mapError(err)) : resolve(value)));
  });
}

/** `Deno.FsFile` over a file descriptor. */
export class FsFile {
  #fd: number;
  #closed = false;
  #readable: ReadableStream<Uint8Array> | undefined;
  #writable: WritableStream<Uint8Array> | undefined;

  /** Wraps an open file descriptor. */
  constructor(fd: number) {
    this.#fd = fd;
  }

  #check(): number {
    if (this.#closed) throw new errors.BadResource("Bad resource ID");
    return this.#fd;
  }

  /** Reads into `p`; `null` at end of file. */
  async read(p: Uint8Array): Promise<number | null> {
    if (p.length === 0) return 0;
    const fd = this.#check();
    const n = await call<number>((cb) => fs.read(fd, p, 0, p.length, null, cb));
    return n === 0 ? null : n;
  }

  /** Writes some of `p`, returning how many bytes were written. */
  async write(p: Uint8Array): Promise<number> {
    const fd = this.#check();
    return await call<number>((cb) => fs.write(fd, p, 0, p.length, null, cb));
  }

  /** Sets the file's length. */
  async truncate(len = 0): Promise<void> {
    const fd = this.#check();
    await call<void>((cb) => fs.ftruncate(fd, len, (e) => cb(e, undefined)));
  }

  /** Flushes data and metadata to disk. */
  async sync(): Promise<void> {
    const fd = this.#check();
    await call<void>((cb) => fs.fsync(fd, (e) => cb(e, undefined)));
  }

  /** Flushes data to disk. */
  async syncData(): Promise<void> {
    const fd = this.#check();
    await call<void>((cb) => fs.fdatasync(fd, (e) => cb(e, undefined)));
  }

  /** The file's metadata. */
  async stat(): Promise<FileInfo> {
    const fd = this.#check();
    return fileInfo(await call<fs.Stats>((cb) => fs.fstat(fd, cb)));
  }

  /** Takes an advisory lock (`flock`), waiting for it. */
  async lock(exclusive = false): Promise<void> {
    await flock(this.#check(), exclusive ? LOCK_EX : LOCK_SH);
  }

  /** Releases the advisory lock. */
  async unlock(): Promise<void> {
    await flock(this.#check(), LOCK_UN);
  }

  /** Whether the file is a terminal. */
  isTerminal(): boolean {
    return tty.isatty(this.#check());
  }

  /** The file's contents as a stream; the file is closed at the end. */
  get readable(): ReadableStream<Uint8Array> {
    this.#readable ??= new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const buf = new Uint8Array(64 * 1024);
        const n = await this.read(buf);
        if (n === null) {
          this.close();
          controller.close();
        } else controller.enqueue(buf.subarray(0, n));
      },
      cancel: () => this.close(),
    }, { highWaterMark: 0 });
    return this.#readable;
  }

  /** A stream writing to the file; the file is closed when it closes. */
  get writable(): WritableStream<Uint8Array> {
    this.#writable ??= new WritableStream<Uint8Array>({
      write: async (chunk) => {
        let off = 0;
        while (off < chunk.length) off += await this.write(chunk.subarray(off));
      },
      close: () => this.close(),
      abort: () => this.close(),
    });
    return this.#writable;
  }

  /** Closes the file (its lock, if any, goes with it). */
  close(): void {
    const fd = this.#check();
    this.#closed = true;
    wrapSync(() => fs.closeSync(fd));
  }

  /** Closes the file unless already closed (`using`). */
  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }
}

async function open(path: PathLike, o: OpenOptions = {}): Promise<FsFile> {
  const fd = await call<number>((cb) => fs.open(path, openFlags(o), o.mode ?? 0o666, cb));
  return new FsFile(fd);
}

// ---------------------------------------------------------------- TCP

/** `Deno.NetAddr`. */
export interface NetAddr {
  /** Always `"tcp"` here. */
  transport: "tcp";
  /** Address. */
  hostname: string;
  /** Port. */
  port: number;
}

/** `Deno.ConnectOptions`. */
export interface ConnectOptions {
  /** Host name or address (default `127.0.0.1`). */
  hostname?: string;
  /** Port. */
  port: number;
  /** Cancels connecting. */
  signal?: AbortSignal;
}

/** `Deno.TcpConn` over a `node:net` socket. */
export class TcpConn {
  readonly #socket: net.Socket;
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  #readable: ReadableStream<Uint8Array> | undefined;
  #writable: WritableStream<Uint8Array> | undefined;

  /** Wraps a connected socket. */
  constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on("data", (b: Buffer) => {
      this.#chunks.push(bytesView(b));
      socket.pause();
      this.#notify();
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on("close", () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on("error", (e) => {
      this.#error = mapError(e);
      this.#notify();
    });
  }

  #notify(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  /** The local address. */
  get localAddr(): NetAddr {
    return {
      transport: "tcp",
      hostname: this.#socket.localAddress ?? "",
      port: this.#socket.localPort ?? 0,
    };
  }

  /** The peer's address. */
  get remoteAddr(): NetAddr {
    return {
      transport: "tcp",
      hostname: this.#socket.remoteAddress ?? "",
      port: this.#socket.remotePort ?? 0,
    };
  }

  /** Reads into `p`; `null` when the peer has closed. */
  async read(p: Uint8Array): Promise<number | null> {
    for (;;) {
      const head = this.#chunks[0];
      if (head !== undefined) {
        const n = Math.min(head.length, p.length);
        p.set(head.subarray(0, n));
        if (n === head.length) this.#chunks.shift();
        else this.#chunks[0] = head.subarray(n);
        if (this.#chunks.length === 0 && !this.#ended) this.#socket.resume();
        return n;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return null;
      this.#socket.resume();
      await new Promise<void>((r) => (this.#wake = r));
    }
  }

  /** Writes `p` and returns its length once the socket took it. */
  async write(p: Uint8Array): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#socket.write(p, (e) => (e ? reject(mapError(e)) : resolve()));
    });
    return p.length;
  }

  /** Sends FIN; reading still works. */
  async closeWrite(): Promise<void> {
    await new Promise<void>((r) => this.#socket.end(() => r()));
  }

  /** Disables Nagle's algorithm. */
  setNoDelay(noDelay = true): void {
    this.#socket.setNoDelay(noDelay);
  }

  /** Enables keep-alive probes. */
  setKeepAlive(keepAlive = true): void {
    this.#socket.setKeepAlive(keepAlive);
  }

  /** Lets the process exit while the connection is open. */
  unref(): void {
    this.#socket.unref();
  }

  /** Keeps the process alive while the connection is open. */
  ref(): void {
    this.#socket.ref();
  }

  /** The received bytes as a stream. */
  get readable(): ReadableStream<Uint8Array> {
    this.#readable ??= new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const buf = new Uint8Array(64 * 1024);
        const n = await this.read(buf);
        if (n === null) controller.close();
        else controller.enqueue(buf.subarray(0, n));
      },
      cancel: () => this.close(),
    }, { highWaterMark: 0 });
    return this.#readable;
  }

  /** A stream sending bytes. */
  get writable(): WritableStream<Uint8Array> {
    this.#writable ??= new WritableStream<Uint8Array>({
      write: async (chunk) => void (await this.write(chunk)),
      close: () => this.closeWrite(),
      abort: () => this.close(),
    });
    return this.#writable;
  }

  /** Closes the connection. */
  close(): void {
    if (this.#socket.destroyed) throw new errors.BadResource("Bad resource ID");
    this.#socket.destroy();
    this.#ended = true;
    this.#notify();
  }

  /** Closes unless already closed (`using`). */
  [Symbol.dispose](): void {
    if (!this.#socket.destroyed) this.close();
  }
}

function connect(o: ConnectOptions): Promise<TcpConn> {
  return new Promise((resolve, reject) => {
    const { signal } = o;
    if (signal?.aborted) return reject(signal.reason);
    const socket = net.connect({ host: o.hostname ?? "127.0.0.1", port: o.port });
    const onAbort = () => {
      socket.destroy();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", (e) => {
      signal?.removeEventListener("abort", onAbort);
      reject(mapError(e));
    });
    socket.once("connect", () => {
      signal?.removeEventListener("abort", onAbort);
      socket.removeAllListeners("error");
      resolve(new TcpConn(socket));
    });
  });
}

// ---------------------------------------------------------------- stdio

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Writes synchronously, waiting out EAGAIN on a non-blocking pipe. */
function writeSyncFd(fd: number, p: Uint8Array): number {
  for (;;) {
    try {
      return fs.writeSync(fd, p);
    } catch (e) {
      if ((e as { code?: unknown }).code !== "EAGAIN") throw mapError(e);
      sleepSync(1);
    }
  }
}

function stdioWriter(fd: number) {
  return {
    writeSync: (p: Uint8Array): number => writeSyncFd(fd, p),
    write: (p: Uint8Array): Promise<number> => call<number>((cb) => fs.write(fd, p, cb)),
    isTerminal: (): boolean => tty.isatty(fd),
  };
}

let stdinReadable: ReadableStream<Uint8Array> | undefined;

const stdin = {
  get readable(): ReadableStream<Uint8Array> {
    stdinReadable ??= Readable.toWeb(process.stdin) as unknown as ReadableStream<Uint8Array>;
    return stdinReadable;
  },
  isTerminal: (): boolean => tty.isatty(0),
  setRaw(mode: boolean, _options?: { cbreak?: boolean }): void {
    if (!process.stdin.isTTY) throw new errors.BadResource("stdin is not a terminal");
    process.stdin.setRawMode(mode);
  },
};

function consoleSize(): { columns: number; rows: number } {
  for (const s of [process.stdout, process.stderr]) {
    if (s.isTTY) return { columns: s.columns, rows: s.rows };
  }
  throw new errors.NotSupported("The handle is not a terminal");
}

// ---------------------------------------------------------------- misc

/** `Deno.InspectOptions` (the ones with a node equivalent). */
export interface InspectOptions {
  /** ANSI colours. */
  colors?: boolean;
  /** Nesting depth. */
  depth?: number;
  /** Items shown per iterable. */
  iterableLimit?: number;
  /** Sort object keys. */
  sorted?: boolean;
  /** Show non-enumerable properties. */
  showHidden?: boolean;
  /** Break into lines past this many inner items (`compact` in node). */
  compact?: boolean;
  /** Characters shown of a long string. */
  strAbbreviateSize?: number;
}

function inspect(value: unknown, o: InspectOptions = {}): string {
  return nodeInspect(value, {
    colors: o.colors ?? false,
    depth: o.depth ?? 4,
    maxArrayLength: o.iterableLimit ?? 100,
    sorted: o.sorted ?? false,
    showHidden: o.showHidden ?? false,
    compact: o.compact ?? 3,
    maxStringLength: o.strAbbreviateSize ?? 10_000,
  });
}

const signalListeners = new Map<() => void, () => void>();

function osName(): string {
  const p = process.platform;
  return p === "win32" ? "windows" : p;
}

function archName(): string {
  return ({ x64: "x86_64", arm64: "aarch64" } as Record<string, string>)[process.arch] ??
    process.arch;
}

function targetTriple(): string {
  const os = osName();
  const vendor = os === "darwin" ? "apple" : os === "windows" ? "pc" : "unknown";
  const tail = os === "linux" ? "linux-gnu" : os === "windows" ? "windows-msvc" : os;
  return `${archName()}-${vendor}-${tail}`;
}

/** Builds the `Deno` object. Exported for the tests, which compare it with the real one. */
export function createDenoShim() {
  return {
    get args(): string[] {
      return process.argv.slice(2);
    },
    exit(code?: number): never {
      process.exit(code ?? Number(process.exitCode ?? 0));
    },
    get exitCode(): number {
      return Number(process.exitCode ?? 0);
    },
    set exitCode(code: number) {
      process.exitCode = code;
    },
    env: {
      get: (key: string): string | undefined => process.env[key],
      set: (key: string, value: string): void => void (process.env[key] = value),
      delete: (key: string): void => void delete process.env[key],
      has: (key: string): boolean => process.env[key] !== undefined,
      toObject: (): Record<string, string> => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
        return out;
      },
    },
    build: { os: osName(), arch: archName(), target: targetTriple() },
    cwd: (): string => process.cwd(),
    chdir: (p: PathLike): void => wrapSync(() => process.chdir(String(p))),
    get pid(): number {
      return process.pid;
    },
    uid: (): number | null => process.getuid?.() ?? null,
    hostname: (): string => os.hostname(),
    errors,
    readTextFile: (p: PathLike, o: { signal?: AbortSignal } = {}): Promise<string> =>
      wrap(fsp.readFile(p, { encoding: "utf8", ...(o.signal ? { signal: o.signal } : {}) })),
    readTextFileSync: (p: PathLike): string => wrapSync(() => fs.readFileSync(p, "utf8")),
    readFile: async (p: PathLike, o: { signal?: AbortSignal } = {}): Promise<Uint8Array> =>
      bytesView(await wrap(fsp.readFile(p, o.signal ? { signal: o.signal } : {}))),
    readFileSync: (p: PathLike): Uint8Array => bytesView(wrapSync(() => fs.readFileSync(p))),
    writeTextFile: (p: PathLike, text: string, o?: WriteFileOptions): Promise<void> =>
      writeFile(p, encoder.encode(text), o),
    writeTextFileSync: (p: PathLike, text: string, o?: WriteFileOptions): void =>
      writeFileSync(p, encoder.encode(text), o),
    writeFile,
    writeFileSync,
    remove,
    removeSync,
    makeTempDir: (o: MakeTempOptions = {}): Promise<string> =>
      makeTemp(o, (p) => fsp.mkdir(p, { mode: 0o700 })),
    makeTempDirSync: (o: MakeTempOptions = {}): string =>
      makeTempSync(o, (p) => fs.mkdirSync(p, { mode: 0o700 })),
    makeTempFile: (o: MakeTempOptions = {}): Promise<string> =>
      makeTemp(o, (p) => fsp.writeFile(p, "", { flag: "wx", mode: 0o600 })),
    makeTempFileSync: (o: MakeTempOptions = {}): string =>
      makeTempSync(o, (p) => fs.writeFileSync(p, "", { flag: "wx", mode: 0o600 })),
    mkdir: async (p: PathLike, o: MkdirOptions = {}): Promise<void> =>
      void (await wrap(fsp.mkdir(p, { recursive: o.recursive ?? false, mode: o.mode ?? 0o777 }))),
    mkdirSync: (p: PathLike, o: MkdirOptions = {}): void =>
      void wrapSync(() =>
        fs.mkdirSync(p, { recursive: o.recursive ?? false, mode: o.mode ?? 0o777 })
      ),
    stat: async (p: PathLike): Promise<FileInfo> => fileInfo(await wrap(fsp.stat(p))),
    statSync: (p: PathLike): FileInfo => fileInfo(wrapSync(() => fs.statSync(p))),
    lstat: async (p: PathLike): Promise<FileInfo> => fileInfo(await wrap(fsp.lstat(p))),
    lstatSync: (p: PathLike): FileInfo => fileInfo(wrapSync(() => fs.lstatSync(p))),
    rename: (from: PathLike, to: PathLike): Promise<void> => wrap(fsp.rename(from, to)),
    renameSync: (from: PathLike, to: PathLike): void => wrapSync(() => fs.renameSync(from, to)),
    chmod: (p: PathLike, mode: number): Promise<void> => wrap(fsp.chmod(p, mode)),
    chmodSync: (p: PathLike, mode: number): void => wrapSync(() => fs.chmodSync(p, mode)),
    realPath: (p: PathLike): Promise<string> => wrap(fsp.realpath(p)),
    realPathSync: (p: PathLike): string => wrapSync(() => fs.realpathSync(p)),
    link: (from: string, to: string): Promise<void> => wrap(fsp.link(from, to)),
    readDir,
    open,
    connect,
    stdin,
    stdout: stdioWriter(1),
    stderr: stdioWriter(2),
    consoleSize,
    addSignalListener(signal: string, handler: () => void): void {
      const h = () => handler();
      signalListeners.set(handler, h);
      process.on(signal, h);
    },
    removeSignalListener(signal: string, handler: () => void): void {
      const h = signalListeners.get(handler);
      if (h === undefined) return;
      signalListeners.delete(handler);
      process.off(signal, h);
    },
    inspect,
    customInspect: Symbol.for("Deno.customInspect"),
  };
}

/** The shim's type. */
export type DenoShim = ReturnType<typeof createDenoShim>;

if (!("Deno" in globalThis)) {
  Object.defineProperty(globalThis, "Deno", {
    value: createDenoShim(),
    writable: false,
    enumerable: false,
    configurable: true,
  });
}
