#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""tests/soak/clients.py - the HTTP clients of make soak (scripts/soak) that
hold many connections at once: sleepers, drips and clients that vanish,
all against one nginx on loopback, until SECONDS have passed.

usage: clients.py PORT PREFIX SECONDS SLEEPERS DRIPS VANISHERS

  SLEEPERS  connections kept alive, each with a request for
            PREFIX/200?sleep=S (S from 500 to 5000 ms, a size= body or the
            description) in flight at all times: the next goes as soon as
            an answer is complete. Right: 200, the body as long as its
            Content-Length (and size= when given), not before S ms, and
            complete within S ms + 15 s.
  DRIPS     the same for PREFIX/200?drip=D&size=L (D from 500 to 5000 ms,
            L from 1 to 50,000 bytes). Right: 200 and L bytes, within
            15 s.
  VANISHERS clients that each, over and over, ask on a new connection for
            a sleep=3000 answer, a 1 GiB size= answer or a dripping one,
            then vanish before it is complete: a close, or a reset.

Once SECONDS have passed no request starts; those in flight finish. Prints
"sleepers sent=N right=M", "drips sent=N right=M", "vanished n=K cut=C"
(C: of those, the ones whose connection nginx closed first: none should
be) and, for the first five wrong answers of each class, "wrong CLASS
PATH: REASON". Exits 0.
"""
import asyncio
import random
import socket
import struct
import sys
import time

PORT = 0
PREFIX = ""
END = 0.0
WRONG_SHOWN = 5
wrong_lines = []
wrong_count = {}
tally = {"sleepers": [0, 0], "drips": [0, 0]}
vanished = [0, 0]


class Wrong(Exception):
    pass


def note(cls, path, why):
    wrong_count[cls] = wrong_count.get(cls, 0) + 1
    if wrong_count[cls] <= WRONG_SHOWN:
        wrong_lines.append(f"wrong {cls} {path}: {why}")


async def read_answer(reader):
    """One HTTP/1.1 answer: (status, headers, body length, keep)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise Wrong(f"status line {lines[0]!r}")
    status = int(parts[1])
    hdrs = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            hdrs[k.strip().lower()] = v.strip()
    got = 0
    if hdrs.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            got += len(await reader.readexactly(size))
            await reader.readexactly(2)
    elif "content-length" in hdrs:
        left = int(hdrs["content-length"])
        while left > 0:
            chunk = await reader.read(min(left, 65536))
            if not chunk:
                raise Wrong(f"closed after {got} of {hdrs['content-length']} bytes")
            got += len(chunk)
            left -= len(chunk)
    else:
        raise Wrong("neither Content-Length nor chunked")
    keep = hdrs.get("connection", "").lower() != "close"
    return status, hdrs, got, keep


class Conn:
    """A kept-alive client connection, opened again when the server ends it."""

    def __init__(self):
        self.reader = self.writer = None

    async def ask(self, path, timeout):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", PORT, limit=1 << 20)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await self.writer.drain()
        try:
            status, hdrs, got, keep = await asyncio.wait_for(
                read_answer(self.reader), timeout)
        except BaseException:
            self.close()
            raise
        if not keep:
            self.close()
        return status, hdrs, got

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def loop(cls, make_path):
    """Asks for make_path()'s answers one after another until END."""
    conn = Conn()
    t = tally[cls]
    while time.monotonic() < END:
        path, want_len, min_ms = make_path()
        t[0] += 1
        start = time.monotonic()
        timeout = min_ms / 1000 + 15
        try:
            status, hdrs, got = await conn.ask(path, timeout)
        except asyncio.TimeoutError:
            note(cls, path, f"not complete within {timeout:.1f} s")
            await asyncio.sleep(0.1)
            continue
        except (Wrong, OSError, EOFError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError, ValueError) as e:
            note(cls, path, f"{type(e).__name__} {e}")
            await asyncio.sleep(0.1)
            continue
        took = (time.monotonic() - start) * 1000
        cl = hdrs.get("content-length")
        if status != 200:
            note(cls, path, f"status {status}")
        elif cl is None or int(cl) != got:
            note(cls, path, f"{got} bytes, Content-Length {cl}")
        elif want_len is not None and got != want_len:
            note(cls, path, f"{got} bytes, not {want_len}")
        elif took < min_ms - 10:
            note(cls, path, f"answered after {took:.0f} ms")
        else:
            t[1] += 1
    conn.close()


def sleeper_path():
    s = random.randint(500, 5000)
    if random.random() < 0.5:
        n = random.randint(0, 4096)
        return f"{PREFIX}/200?sleep={s}&size={n}", n, s
    return f"{PREFIX}/200?sleep={s}", None, s


def drip_path():
    d = random.randint(500, 5000)
    n = random.randint(1, 50000)
    return f"{PREFIX}/200?drip={d}&size={n}", n, 0


async def vanisher():
    kinds = [f"{PREFIX}/200?sleep=3000", f"{PREFIX}/200?size=1073741824",
             f"{PREFIX}/200?drip=5000&size=100000"]
    while time.monotonic() < END:
        path = random.choice(kinds)
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
        except OSError as e:
            note("vanishers", path, f"cannot connect: {e}")
            await asyncio.sleep(0.1)
            continue
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        want = random.randint(0, 8 << 20)
        got = 0
        try:
            async with asyncio.timeout(random.uniform(0.05, 1.5)):
                while got <= want:
                    chunk = await reader.read(65536)
                    if not chunk:
                        vanished[1] += 1
                        break
                    got += len(chunk)
        except (TimeoutError, OSError):
            pass
        if random.random() < 0.5:
            sock = writer.get_extra_info("socket")
            # a reset rather than a close
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
        writer.transport.abort()
        vanished[0] += 1


async def main():
    global PORT, PREFIX, END
    PORT, PREFIX = int(sys.argv[1]), sys.argv[2]
    END = time.monotonic() + float(sys.argv[3])
    sleepers, drips, vanishers = (int(a) for a in sys.argv[4:7])
    tasks = [loop("sleepers", sleeper_path) for _ in range(sleepers)]
    tasks += [loop("drips", drip_path) for _ in range(drips)]
    tasks += [vanisher() for _ in range(vanishers)]
    await asyncio.gather(*tasks)
    for cls, (sent, right) in tally.items():
        print(f"{cls} sent={sent} right={right}")
    print(f"vanished n={vanished[0]} cut={vanished[1]}")
    for line in wrong_lines:
        print(line)


asyncio.run(main())
