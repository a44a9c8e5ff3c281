"""`make bench`: throughput, latency, page weight and memory against a bare Flask baseline."""
