# Summarises a dotnet-counters csv (System.Runtime) over the seconds the app was busy (CPU above 0.2 cores):
# allocation rate, collections per generation, GC pause, lock contentions, thread-pool threads and queue.
BEGIN { FS="," }
NR > 1 {
  split($1, a, " "); ts = a[2]
  if (!(ts in seen)) { seen[ts] = 1; order[++n] = ts }
  v[ts, $3] = $5
}
END {
  cpu_user = "dotnet.process.cpu.time (s / 1 sec)[cpu.mode=user]"; cpu_sys = "dotnet.process.cpu.time (s / 1 sec)[cpu.mode=system]"
  alloc = "dotnet.gc.heap.total_allocated (By / 1 sec)"; pause = "dotnet.gc.pause.time (s / 1 sec)"
  g0 = "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen0]"; g1 = "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen1]"
  g2 = "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen2]"; locks = "dotnet.monitor.lock_contentions ({contention} / 1 sec)"
  threads = "dotnet.thread_pool.thread.count ({thread} / 1 sec)"; queue = "dotnet.thread_pool.queue.length ({work_item} / 1 sec)"
  jit = "dotnet.jit.compilation.time (s / 1 sec)"
  for (i = 1; i <= n; i++) {
    t = order[i]; c = v[t, cpu_user] + v[t, cpu_sys]
    if (c < 0.2) continue
    s++; su += v[t, cpu_user]; ss += v[t, cpu_sys]; sa += v[t, alloc]; sp += v[t, pause]; s0 += v[t, g0]; s1 += v[t, g1]; s2 += v[t, g2]
    sl += v[t, locks]; sj += v[t, jit]; if (v[t, threads] > mt) mt = v[t, threads]; if (v[t, queue] > mq) mq = v[t, queue]
  }
  if (!s) { print "counters: no busy second"; exit }
  printf "counters over %d busy seconds: CPU %.2f user + %.2f system cores; %.1f MB/s allocated; collections gen0 %d, gen1 %d, gen2 %d; GC pause %.1f ms/s; JIT %.1f ms/s; lock contentions %.0f/s; thread-pool threads up to %d, queue up to %d\n", \
    s, su / s, ss / s, sa / s / 1e6, s0, s1, s2, 1000 * sp / s, 1000 * sj / s, sl / s, mt, mq
}
