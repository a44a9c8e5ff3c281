"""`make bench`'s verdict on a row: the median of its rounds, each against the bare app either side."""

from bench.loadgen import Load, parse_wrk
from bench.run import Rounds


def _load(requests_per_second: float, p50_ms: float = 1.0) -> Load:
    return Load(requests=int(requests_per_second * 5), requests_per_second=requests_per_second, p50_ms=p50_ms,
                p99_ms=2 * p50_ms)


def test_a_burst_on_the_shared_cores_moves_one_round_not_the_verdict():
    # the bare app slowed by a neighbour around the second round: that round alone looks fast
    rounds = Rounds(bares=[_load(4000), _load(4000), _load(2000), _load(4000)],
                    loads={"calendar": [_load(600, 50), _load(620, 48), _load(560, 57)]})
    assert rounds.ratios("calendar") == [0.15, 0.207, 0.187]
    assert rounds.ratio("calendar") == 0.19
    # the table's req/s and latencies are the median round's own, not a mix of rounds
    assert rounds.typical("calendar").p50_ms == 57


def test_a_row_measured_once_is_set_against_the_bare_slices_either_side_of_the_first_round():
    rounds = Rounds(bares=[_load(4000), _load(3000), _load(9999)], loads={"submission": [_load(140)]})
    assert rounds.ratios("submission") == [0.04]
    assert rounds.ratio("submission") == 0.04


def test_an_even_number_of_rounds_takes_the_lower_middle_one():
    rounds = Rounds(bares=[_load(1000)] * 5, loads={"results": [_load(100), _load(300), _load(200), _load(400)]})
    assert rounds.ratio("results") == 0.2
    assert rounds.typical("results").requests_per_second == 200


def test_the_report_says_what_kind_of_error_and_in_which_round():
    # wrk sums socket errors and answers other than 2xx/3xx; the report keeps them apart
    report = """Running 5s test @ http://127.0.0.1:1/summary/
  Latency Distribution
     50%  613.81ms
     99%  726.18ms
  247 requests in 5.01s, 19.74MB read
  Socket errors: connect 0, read 1, write 0, timeout 0
  Non-2xx or 3xx responses: 2
Requests/sec:     49.29
"""
    load = parse_wrk(report)
    assert (load.errors, load.error_kinds) == (3, {"read": 1, "status": 2})
    rounds = Rounds(bares=[_load(4000)] * 3, loads={"leader_summary": [_load(50), load]})
    assert rounds.errors_text("leader_summary") == "3 (round 2: read 1, status 2)"
    assert Rounds(bares=[_load(4000)] * 2, loads={"calendar": [_load(600)]}).errors_text("calendar") == "0"
