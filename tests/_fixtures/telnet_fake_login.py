#!/usr/bin/python3
"""A device-like login program for telnetd -E (test fixture, not the system login).

Asks Username:/Password: (or only Password: with --no-username), then offers an
IOS-like CLI "switch1>" with: show version, show term, enable, disable, exit.
"""
import argparse
import os
import subprocess
import sys
import termios

ap = argparse.ArgumentParser()
ap.add_argument("--user", default="admin")
ap.add_argument("--password", required=True)
ap.add_argument("--enable", default=None)
ap.add_argument("--no-username", action="store_true")
ap.add_argument("--hostname", default="switch1")
args = ap.parse_args()

out = sys.stdout


def say(text):
    out.write(text)
    out.flush()


def readline():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
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
    say("% Bad passwords\n")
    sys.exit(1)

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
        say("Goodbye\n")
        sys.exit(0)
    else:
        say("% Invalid input detected at '^' marker.\n")
