#!/usr/bin/env python3
"""SMTP latency client for the benchmarks: SESSIONS parallel sessions, one connection per message, MESSAGES in all.

For every message it times the end of DATA (the final dot written) to the server's reply, and the whole transaction
(connect to the reply after the dot). Prints one line:
  rate=<msg/s> data_p50=<ms> data_p90=<ms> data_p99=<ms> data_max=<ms> tx_p50=<ms> tx_p90=<ms> tx_p99=<ms> tx_max=<ms> failed=<n>
Usage: smtp-latency.py HOST PORT MESSAGES SESSIONS SIZE
"""
import asyncio
import sys
import time


async def reply(reader):
    while True:
        line = await reader.readline()
        if not line:
            raise ConnectionError("connection closed")
        if len(line) < 4 or line[3:4] != b"-":
            return int(line[:3])


async def transaction(host, port, body, data_times, tx_times):
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for command, expected in ((None, 220), (b"EHLO bench.example\r\n", 250), (b"MAIL FROM:<bench@example.org>\r\n", 250),
                                  (b"RCPT TO:<sink@example.com>\r\n", 250), (b"DATA\r\n", 354)):
            if command:
                writer.write(command)
            code = await reply(reader)
            if code != expected:
                raise RuntimeError(f"{command!r}: {code}")
        writer.write(body)
        await writer.drain()
        dot = time.perf_counter()
        code = await reply(reader)
        end = time.perf_counter()
        if code != 250:
            raise RuntimeError(f"end of data: {code}")
        data_times.append(end - dot)
        tx_times.append(end - start)
        writer.write(b"QUIT\r\n")
        await reply(reader)
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def main():
    host, port, messages, sessions, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    line = b"x" * 76 + b"\r\n"
    body = b"From: bench@example.org\r\nTo: sink@example.com\r\nSubject: latency\r\n\r\n"
    body += line * max(1, (size - len(body)) // len(line)) + b".\r\n"
    data_times, tx_times, failed = [], [], 0
    remaining = messages

    async def worker():
        nonlocal remaining, failed
        while remaining > 0:
            remaining -= 1
            try:
                await transaction(host, port, body, data_times, tx_times)
            except (OSError, RuntimeError, ConnectionError):
                failed += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(sessions)))
    elapsed = time.perf_counter() - started
    ms = lambda v: f"{v * 1000:.1f}"
    print(f"rate={len(tx_times) / elapsed:.0f} "
          + " ".join(f"data_{n}={ms(percentile(data_times, p))}" for n, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100)))
          + " " + " ".join(f"tx_{n}={ms(percentile(tx_times, p))}" for n, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100)))
          + f" failed={failed}")


asyncio.run(main())
