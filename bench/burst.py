#!/usr/bin/python3
# SPDX-License-Identifier: ISC
"""bench/burst.py - N HTTP requests sent at once, each on its own connection.

usage: burst.py HOST PORT PATH N
Prints "ok=K seconds=S": how many answers were "HTTP/1.1 200 OK" and the
time from the first request sent to the last answer complete. (ab paces its
connections; this sends them all before reading any answer.)
"""
import asyncio
import sys
import time


async def one(host, port, path, start):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n"
                 "Connection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    return data.startswith(b"HTTP/1.1 200 OK\r\n"), time.monotonic() - start


async def main():
    host, port, path, n = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    start = time.monotonic()
    results = await asyncio.gather(*(one(host, port, path, start) for _ in range(n)),
                                   return_exceptions=True)
    ok = sum(1 for r in results if isinstance(r, tuple) and r[0])
    last = max((r[1] for r in results if isinstance(r, tuple)), default=0.0)
    print(f"ok={ok} seconds={last:.3f}")


asyncio.run(main())
