#!/usr/bin/env python3
"""Drives a TUI in a pseudo-terminal and measures it from outside, the same way for every program.

    tui_probe.py first-frame MARKER -- CMD...           ms from exec to MARKER on screen
    tui_probe.py idle MARKER SECONDS -- CMD...          CPU %, wakeups/s, RSS while idle
    tui_probe.py paste READY MARKER FILE -- CMD...      ms from the paste to MARKER, peak RSS

MARKER is looked for in the output with SGR (colour) sequences removed, so a word drawn in one
row is found however it is styled. Output is JSON on one line. Every wait is bounded.
"""
import json, os, pty, re, select, signal, struct, sys, termios, fcntl, threading, time

COLS, ROWS = 120, 40
SGR = re.compile(rb"\x1b\[[0-9;:]*m")
TIMEOUT = 60.0


def spawn(cmd):
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before the program starts, so its first frame is already full size.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    return pid, fd


class Screen:
    """Everything the program wrote, SGR-stripped, searchable; answers terminal queries."""

    def __init__(self, fd):
        self.fd, self.text, self.raw_tail = fd, b"", b""

    def pump(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        if not chunk:
            return False
        data = self.raw_tail + chunk
        # A cursor-position query (ESC [ 6 n) gets an answer, as a terminal would give.
        if b"\x1b[6n" in data:
            os.write(self.fd, b"\x1b[1;1R")
        self.raw_tail = data[-16:]
        self.text += SGR.sub(b"", chunk)
        if len(self.text) > (1 << 22):
            self.text = self.text[-(1 << 20):]
        return True

    def wait_for(self, marker, deadline):
        marker = marker.encode()
        while marker not in self.text:
            if time.monotonic() > deadline or not self.pump(0.05):
                raise SystemExit(f"timed out waiting for {marker!r}; the screen ends with {self.text[-300:]!r}")
        self.text = b""

    def drain(self, seconds):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.pump(max(0.0, end - time.monotonic()))


def tasks(pid):
    return [f"/proc/{pid}/task/{t}" for t in os.listdir(f"/proc/{pid}/task")]


def cpu_ns_and_switches(pid):
    cpu = switches = 0
    for task in tasks(pid):
        try:
            cpu += int(open(f"{task}/schedstat").read().split()[0])
            for line in open(f"{task}/status"):
                # A voluntary switch is a thread going to sleep: each one is a later wake-up.
                if line.startswith("voluntary_ctxt_switches"):
                    switches += int(line.split()[1])
        except OSError:
            pass
    return cpu, switches


def status_kb(pid, field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def stop(pid, fd):
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
        except ChildProcessError:
            break
        try:
            os.read(fd, 1 << 16)
        except OSError:
            pass
        time.sleep(0.01)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)


def main():
    args = sys.argv[1:]
    split = args.index("--")
    mode, params, cmd = args[0], args[1:split], args[split + 1:]
    started = time.monotonic()
    pid, fd = spawn(cmd)
    screen = Screen(fd)
    result = {}
    try:
        if mode == "first-frame":
            screen.wait_for(params[0], started + TIMEOUT)
            result["ms"] = (time.monotonic() - started) * 1000
        elif mode == "idle":
            marker, seconds = params[0], float(params[1])
            screen.wait_for(marker, started + TIMEOUT)
            screen.drain(2.0)
            cpu0, sw0 = cpu_ns_and_switches(pid)
            t0 = time.monotonic()
            screen.drain(seconds)
            cpu1, sw1 = cpu_ns_and_switches(pid)
            elapsed = time.monotonic() - t0
            result = {
                "cpu_percent": 100 * (cpu1 - cpu0) / 1e9 / elapsed,
                "wakeups_per_s": (sw1 - sw0) / elapsed,
                "rss_kb": status_kb(pid, "VmRSS"),
                "threads": len(tasks(pid)),
            }
        elif mode == "paste":
            ready, marker, path = params
            payload = b"\x1b[200~" + open(path, "rb").read().strip() + b"\x1b[201~"
            screen.wait_for(ready, started + TIMEOUT)
            screen.drain(1.0)
            def write_all():
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view[:4096]):]

            writer = threading.Thread(target=write_all)
            t0 = time.monotonic()
            writer.start()
            screen.wait_for(marker, t0 + TIMEOUT)
            result["ms"] = (time.monotonic() - t0) * 1000
            writer.join(TIMEOUT)
            result["peak_rss_kb"] = status_kb(pid, "VmHWM")
        else:
            raise SystemExit(f"unknown mode {mode}")
    finally:
        stop(pid, fd)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
