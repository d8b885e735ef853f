#!/usr/bin/env python3
"""Sends COUNT messages of SIZE octets at once, one connection each, over STARTTLS (Python's smtplib writes the
whole body in one sendall: large TLS records). Prints one line per message, then a summary; exits 1 if any failed."""
import smtplib, ssl, sys, threading, time

port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
line = b"x" * 76 + b"\r\n"
body = b"Subject: large message over STARTTLS\r\n\r\n" + line * (size // len(line)) + b".\r\n"
results = [None] * count
start = threading.Barrier(count)

def send(i):
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=120) as s:
            s.ehlo(); s.starttls(context=ssl._create_unverified_context()); s.ehlo()
            s.mail("bench@example.org"); s.rcpt("sink@example.com")
            code, _ = s.docmd("DATA")
            if code != 354:
                raise RuntimeError(f"DATA got {code}")
            start.wait()
            t0 = time.perf_counter(); s.send(body); t1 = time.perf_counter()
            code, reply = s.getreply(); t2 = time.perf_counter()
            results[i] = (code, reply.decode(), t1 - t0, t2 - t1)
    except Exception as e:  # reported, and counted as a failure
        results[i] = (0, repr(e), 0.0, 0.0)

threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
t = time.perf_counter()
for th in threads: th.start()
for th in threads: th.join()
elapsed = time.perf_counter() - t
ok = sum(1 for r in results if r[0] == 250)
for i, (code, reply, send_s, reply_s) in enumerate(results):
    print(f"  message {i + 1:2}: {code} {reply[:60]:60} body written {send_s:6.2f} s, final dot to reply {reply_s:5.3f} s")
print(f"{ok} of {count} accepted in {elapsed:.1f} s ({count * size / elapsed / 1e6:.0f} MB/s)")
sys.exit(0 if ok == count else 1)
