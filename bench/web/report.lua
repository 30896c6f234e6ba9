-- wrk script: prints p50/p90/p95/p99 latency and throughput in one line per run (wrk --latency has no p95).
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("p50 %.2f ms  p90 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.1f ms  %.0f req/s  %d requests  errors %d  non-2xx/3xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests / secs, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
