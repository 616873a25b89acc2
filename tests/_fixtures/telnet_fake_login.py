#!/usr/bin/python3
"""A device-like login program for telnetd -E (test fixture, not the system login).

Asks Username:/Password: (or only Password: with --no-username), then offers an
IOS-like CLI "switch1>" with: show version, show term, enable, disable, exit.
Its last words before hanging up ("Goodbye", "% Bad passwords") always reach the client (see
hang_up), and --trace FILE records why each session ended.
"""
import argparse
import os
import signal
import subprocess
import sys
import termios
import time

ap = argparse.ArgumentParser()
ap.add_argument("--user", default="admin")
ap.add_argument("--password", required=True)
ap.add_argument("--enable", default=None)
ap.add_argument("--no-username", action="store_true")
ap.add_argument("--hostname", default="switch1")
ap.add_argument("--trace", default=None, help="append why the program ended to this file")
args = ap.parse_args()

out = sys.stdout

# Why the program ends (end of input, a signal, an error), with the last lines it read and the
# terminal modes, appended to --trace at exit only: nothing slows the session down. A test that
# sees the connection end too early can then say which side ended it.
last_read = []
started = time.monotonic()


def trace(reason):
    if not args.trace:
        return
    try:
        modes = termios.tcgetattr(0)
        tty = "lflag=%o iflag=%o vmin=%r veof=%r" % (modes[3], modes[0], modes[6][termios.VMIN], modes[6][termios.VEOF])
    except (termios.error, OSError) as e:
        tty = "no terminal modes (%s)" % e
    line = "%d %.3fs %s; last read %r; %s\n" % (os.getpid(), time.monotonic() - started, reason, last_read[-3:], tty)
    try:
        with open(args.trace, "a") as f:
            f.write(line)
    except OSError:
        pass


def on_signal(num, _frame):
    trace("signal %s" % signal.Signals(num).name)
    os._exit(128 + num)


for _sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGPIPE):
    signal.signal(_sig, on_signal)
_excepthook = sys.excepthook


def on_error(kind, value, tb):
    trace("error %s: %s" % (kind.__name__, value))
    _excepthook(kind, value, tb)


sys.excepthook = on_error


def say(text):
    out.write(text)
    out.flush()


def telnetd_written():
    """Bytes telnetd (our parent) has written so far, or None when that cannot be read."""
    try:
        with open("/proc/%d/io" % os.getppid()) as f:
            for line in f:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def hang_up(last_words, code, reason):
    """Says its last words and ends the session, as a device does: the words reach the client.

    inetutils telnetd ends a session on SIGCHLD: its handler shuts the socket and exits at once,
    so output this program wrote just before exiting was lost whenever telnetd had not relayed
    it yet (it ignores the closed terminal, so closing it first does not help). Under CPU load
    the client then read the end of the connection without "Goodbye" (the telnetd test flake).
    So the program waits until telnetd has written at least that many more bytes (its own
    write counter) before it exits.
    """
    before = telnetd_written()
    say(last_words)
    trace(reason)
    want = len(last_words.encode())
    deadline = time.monotonic() + 20
    while before is not None and time.monotonic() < deadline:
        now = telnetd_written()
        if now is None or now - before >= want:
            break
        time.sleep(0.005)
    if before is None:
        time.sleep(0.5)
    sys.exit(code)


def readline():
    line = sys.stdin.readline()
    if not line:
        trace("end of input")
        sys.exit(0)
    last_read.append(line)
    return line.rstrip("\r\n")


def secret(prompt):
    fd = sys.stdin.fileno()
    old = None
    try:
        old = termios.tcgetattr(fd)
        new = termios.tcgetattr(fd)
        new[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSADRAIN, new)
    except termios.error:
        pass
    say(prompt)
    try:
        return readline()
    finally:
        if old is not None:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)
        say("\n")


say("\n*** Authorized access only ***\nUser Access Verification\n\n")
for attempt in range(3):
    user = args.user
    if not args.no_username:
        say("Username: ")
        user = readline()
    pw = secret("Password: ")
    if user == args.user and pw == args.password:
        break
    say("% Login invalid\n\n")
else:
    hang_up("% Bad passwords\n", 1, "bad passwords")

say("\nWelcome to " + args.hostname + "\n")
enabled = False
while True:
    say(args.hostname + ("#" if enabled else ">"))
    cmd = readline().strip()
    if cmd == "":
        continue
    if cmd == "show version":
        say("Fake IOS Software, Version 15.2(4)E10\nuptime is 1 day\n")
    elif cmd == "show term":
        try:
            size = subprocess.run(["stty", "size"], capture_output=True, text=True).stdout.strip()
        except OSError:
            size = "?"
        say("TERM=" + os.environ.get("TERM", "") + "\nSIZE=" + size + "\n")
    elif cmd == "enable":
        if args.enable is None:
            enabled = True
            continue
        pw = secret("Password: ")
        if pw == args.enable:
            enabled = True
        else:
            say("% Access denied\n")
    elif cmd == "disable":
        enabled = False
    elif cmd in ("exit", "quit", "logout"):
        hang_up("Goodbye\n", 0, "exit command")
    else:
        say("% Invalid input detected at '^' marker.\n")
