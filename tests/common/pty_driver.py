#!/usr/bin/env python3
"""Runs a program on a pseudo-terminal, as a person at a terminal would, for the tests of
keys that ask a passphrase (tests/age_keys.rs, through tests/common/terminal.rs).

usage: pty_driver.py [--no-tty] [--timeout SECONDS] --stdout FILE --stderr FILE
                     [--answer PROMPT ANSWER]... -- PROGRAM [ARG]...

The program's controlling terminal is a new pseudo-terminal, and its standard input too;
its standard output and error go to the files named, so what it shows on the terminal
(/dev/tty) is kept apart. Each time the terminal shows PROMPT (in order), ANSWER and Enter
are typed. What the terminal showed is printed on this script's standard output.
--no-tty runs the program in a new session without any terminal (standard input closed).
Exits with the program's exit code; 124 (after killing it) when it outlives the timeout.
"""

import os
import pty
import select
import signal
import sys
import time


def main():
    args = sys.argv[1:]
    no_tty = False
    timeout = 60.0
    stdout_path = stderr_path = None
    answers = []
    while args and args[0] != "--":
        flag = args.pop(0)
        if flag == "--no-tty":
            no_tty = True
        elif flag == "--timeout":
            timeout = float(args.pop(0))
        elif flag == "--stdout":
            stdout_path = args.pop(0)
        elif flag == "--stderr":
            stderr_path = args.pop(0)
        elif flag == "--answer":
            answers.append((args.pop(0).encode(), args.pop(0).encode()))
        else:
            sys.exit(f"pty_driver.py: unknown flag {flag}")
    program = args[1:]
    if not program or not stdout_path or not stderr_path:
        sys.exit(__doc__)

    def redirect():
        out = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(err, 2)

    if no_tty:
        pid = os.fork()
        if pid == 0:
            os.setsid()
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            redirect()
            os.execvp(program[0], program)
        master = None
    else:
        pid, master = pty.fork()
        if pid == 0:
            redirect()
            os.execvp(program[0], program)

    deadline = time.monotonic() + timeout
    shown = b""
    # Prompts are looked for in what the terminal showed after the last answer.
    looked_from = 0
    next_answer = 0
    exited = None
    drained = master is None
    while exited is None or not drained:
        if exited is None:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                exited = status
        if not drained:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # EIO: the terminal's last process is gone
                    chunk = b""
                if chunk:
                    shown += chunk
                elif exited is not None:
                    drained = True
            elif exited is not None:
                drained = True
            if next_answer < len(answers):
                prompt, answer = answers[next_answer]
                at = shown.find(prompt, looked_from)
                if at >= 0:
                    # Give the program a moment to turn echo off after its prompt, as a
                    # person takes one to type.
                    time.sleep(0.2)
                    os.write(master, answer + b"\r")
                    next_answer += 1
                    looked_from = at + len(prompt)
        else:
            time.sleep(0.02)
        if time.monotonic() > deadline:
            break
    sys.stdout.buffer.write(shown)
    sys.stdout.flush()
    if exited is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        sys.stderr.write(f"pty_driver.py: {program[0]} still running after {timeout}s: killed\n")
        sys.exit(124)
    if os.WIFEXITED(exited):
        sys.exit(os.WEXITSTATUS(exited))
    sys.exit(128 + os.WTERMSIG(exited))


if __name__ == "__main__":
    main()
