#!/usr/bin/env python3
"""Opens SESSIONS SMTP sessions to host:port, each reading the banner and saying EHLO, then keeps them all open
and idle until stdin closes. Prints 'open N failed M' once every session is established or has failed."""
import asyncio
import sys

host, port, sessions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
writers = []


async def one(i):
    reader, writer = await asyncio.open_connection(host, port)
    banner = await reader.readline()
    if not banner.startswith(b"220"):
        raise RuntimeError(banner)
    writer.write(b"EHLO idle%d.example.org\r\n" % i)
    await writer.drain()
    while True:
        line = await reader.readline()
        if not line.startswith(b"250"):
            raise RuntimeError(line)
        if line[3:4] == b" ":
            break
    writers.append(writer)


async def main():
    failed = 0
    # Connect in waves so the listen backlog is not what is measured.
    for start in range(0, sessions, 500):
        results = await asyncio.gather(*(one(i) for i in range(start, min(start + 500, sessions))), return_exceptions=True)
        failed += sum(1 for r in results if isinstance(r, BaseException))
    print(f"open {len(writers)} failed {failed}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for w in writers:
        w.close()


asyncio.run(main())
