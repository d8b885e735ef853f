#!/usr/bin/env python3
"""Clients for bench/verdict-flood.sh (loopback only, standard library only).

accept PORT MESSAGES SESSIONS: sends MESSAGES 1 KB messages over SESSIONS parallel connections, one connection per
message, and prints one line: "rate p50 p90 p99 max" (messages per second; milliseconds from the end of DATA to the
250 reply).

flood PORT STOPFILE SESSIONS RCPTS RATE: opens sessions over SESSIONS parallel workers until STOPFILE exists, each
giving RCPTS recipients that the endpoint refuses, then QUIT; RATE caps the sessions per second of all workers together
(0: as fast as they can). Prints "sessions_per_second refused_recipients".

A greeting other than 220 (a connection limit) is retried, and counted on stderr.
"""
import socket
import sys
import threading
import time

BODY = ("Subject: bench\r\n\r\n" + ("x" * 78 + "\r\n") * 12 + ".\r\n").encode()


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    @staticmethod
    def greeted(port):
        for _ in range(1000):
            c = Conn(port)
            try:
                if c.reply().startswith(b"220"):
                    return c
            except ConnectionError:
                pass
            c.close()
            print("bench client: greeting refused, retrying", file=sys.stderr)
            time.sleep(0.01)
        raise RuntimeError("never greeted")

    def reply(self):
        while True:
            while b"\r\n" in self.buf:
                line, self.buf = self.buf.split(b"\r\n", 1)
                if len(line) < 4 or line[3:4] != b"-":
                    return line
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\r\n")
        return self.reply()

    def close(self):
        self.sock.close()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def accept(port, messages, sessions):
    latencies = []
    lock = threading.Lock()
    remaining = [messages]

    def worker():
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            c = Conn.greeted(port)
            c.cmd("EHLO bench.example")
            c.cmd("MAIL FROM:<bench@example.org>")
            c.cmd("RCPT TO:<sink@example.com>")
            c.cmd("DATA")
            c.sock.sendall(BODY)
            t0 = time.perf_counter()
            r = c.reply()
            t1 = time.perf_counter()
            if not r.startswith(b"250"):
                raise RuntimeError(r)
            c.cmd("QUIT")
            c.close()
            with lock:
                latencies.append((t1 - t0) * 1000)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    print("%.1f %.2f %.2f %.2f %.2f" % (messages / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.9),
                                         percentile(latencies, 0.99), max(latencies)))


def flood(port, stopfile, sessions, rcpts, rate):
    import os
    counts = [0, 0]
    lock = threading.Lock()
    start = time.perf_counter()

    def worker():
        done = refused = 0
        interval = sessions / rate if rate > 0 else 0
        next_at = time.perf_counter()
        while not os.path.exists(stopfile):
            if interval:
                next_at += interval
                pause = next_at - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            c = Conn.greeted(port)
            c.cmd("EHLO flood.example")
            c.cmd("MAIL FROM:<flood@example.net>")
            for i in range(rcpts):
                if c.cmd("RCPT TO:<victim%d@example.com>" % i).startswith(b"550"):
                    refused += 1
            c.cmd("QUIT")
            c.close()
            done += 1
        with lock:
            counts[0] += done
            counts[1] += refused

    threads = [threading.Thread(target=worker) for _ in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("%.1f %d" % (counts[0] / (time.perf_counter() - start), counts[1]))


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "accept":
        accept(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    else:
        flood(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]))
