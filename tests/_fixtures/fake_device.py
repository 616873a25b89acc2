#!/usr/bin/python3
"""A tiny IOS-like device CLI for session tests, run by sshd as ForceCommand.

Independent of the library: prompt `router1>`, `enable` (password
`s3cret-en`), `terminal length 0`, a paged `show version` (`--More--` every
20 lines until paging is disabled), config mode, confirmations, `% Invalid
input detected` for unknown commands, `exit`.
"""
import os
import sys
import termios
import tty

HOST = "router1"
ENABLE = "s3cret-en"
state = {"mode": "exec", "paging": True, "width": 80}


def out(s):
    os.write(1, s.encode())


def getch():
    b = os.read(0, 1)
    if not b:
        raise EOFError
    return b.decode("latin-1")


def readline(echo=True):
    buf = ""
    while True:
        c = getch()
        if c in "\r\n":
            if c == "\r":
                pass
            out("\r\n")
            return buf
        if c in "\x08\x7f":
            if buf:
                buf = buf[:-1]
                if echo:
                    out("\b \b")
            continue
        if c == "\x03":
            buf = ""
            continue
        buf += c
        if echo:
            out(c)


def prompt():
    suffix = {"exec": ">", "priv": "#", "config": "(config)#", "config-if": "(config-if)#"}[state["mode"]]
    out("\r\n" + HOST + suffix)


def paged(lines):
    if not state["paging"]:
        out("\r\n".join(lines) + "\r\n")
        return
    for i, line in enumerate(lines):
        out(line + "\r\n")
        if (i + 1) % 20 == 0 and i + 1 < len(lines):
            out(" --More-- ")
            c = getch()
            out("\b" * 10 + " " * 10 + "\b" * 10)
            if c in "qQ":
                return


def show_version():
    lines = ["Cisco IOS Software, Fake Software (FAKE-ADVENTERPRISEK9-M), Version 15.2(4)M7",
             "ROM: System Bootstrap, Version 15.0(1r)M16",
             HOST + " uptime is 1 week, 2 days, 3 hours, 4 minutes"]
    lines += ["line %02d of the version text" % n for n in range(4, 58)]
    lines += ["Configuration register is 0x2102"]
    paged(lines)


def enable():
    for attempt in range(3):
        out("Password: ")
        if readline(echo=False) == ENABLE:
            state["mode"] = "priv"
            return
    out("% Bad secrets\r\n")


def run(cmd):
    m = state["mode"]
    words = cmd.split()
    if not words:
        return True
    if cmd in ("exit", "logout", "quit") and m in ("exec", "priv"):
        return False
    if cmd == "enable" and m == "exec":
        enable()
    elif cmd == "enable" and m == "priv":
        pass
    elif cmd == "disable" and m == "priv":
        state["mode"] = "exec"
    elif cmd == "terminal length 0":
        state["paging"] = False
    elif words[:2] == ["terminal", "width"]:
        state["width"] = int(words[2])
    elif cmd == "show version":
        show_version()
    elif cmd == "show clock":
        out("\x1b[1m*10:15:42.123 UTC Mon Nov 24 2025\x1b[0m\r\n")
    elif cmd == "show privilege":
        out("Current privilege level is %d\r\n" % (15 if m != "exec" else 1))
    elif cmd in ("configure terminal", "conf t") and m == "priv":
        out("Enter configuration commands, one per line.  End with CNTL/Z.\r\n")
        state["mode"] = "config"
    elif words[0] == "interface" and m in ("config", "config-if"):
        state["mode"] = "config-if"
    elif cmd == "end" and m.startswith("config"):
        state["mode"] = "priv"
    elif cmd == "exit" and m == "config-if":
        state["mode"] = "config"
    elif cmd == "exit" and m == "config":
        state["mode"] = "priv"
    elif cmd == "copy running-config startup-config" and m == "priv":
        out("Destination filename [startup-config]? ")
        readline()
        out("Building configuration...\r\n[OK]\r\n")
    elif cmd == "reload" and m == "priv":
        out("Proceed with reload? [confirm]")
        readline(echo=False)
        out("\r\n% Reload cancelled in this test device\r\n")
    elif words[0] == "description" and m == "config-if":
        pass
    else:
        out("                ^\r\n% Invalid input detected at '^' marker.\r\n")
    return True


def main():
    fd = 0
    old = termios.tcgetattr(fd) if os.isatty(fd) else None
    if old is not None:
        tty.setraw(fd)
    try:
        out("\r\nUser Access Verification\r\n\r\n\x1b[?2004h")
        prompt()
        while True:
            line = readline()
            if not run(line.strip()):
                break
            prompt()
    except EOFError:
        pass
    finally:
        if old is not None:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)


main()
