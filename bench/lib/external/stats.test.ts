import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregate } from './report.js';
import type { LoadReport } from './protocol.js';
import { judgeAtLeast, judgeAtMost, judgeBelow, parseChildren, parseProcStatus, ratio, summarise } from './stats.js';

const status = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t 1234567 kB
VmHWM:\t  265432 kB
VmRSS:\t  201234 kB
RssAnon:\t  150000 kB
Threads:\t11
`;

describe('external bench: pure parts', () => {
  it('percentiles by nearest rank, unsorted input, not the insertion order', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    const s = summarise(xs);
    assert.deepEqual(s, { count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
    assert.equal(summarise([7]).p99, 7);
    assert.ok(Number.isNaN(summarise([]).p50));
    // Numeric order, not string order (10 < 9 as strings).
    assert.equal(summarise([9, 10, 100, 2]).p50, 9);
  });

  it('reads VmRSS, VmHWM (not VmPeak) and the name from /proc/<pid>/status', () => {
    assert.deepEqual(parseProcStatus(status), { rssKib: 201234, hwmKib: 265432, name: 'node' });
    // A zombie has no memory lines.
    assert.deepEqual(parseProcStatus('Name:\tnode\nState:\tZ (zombie)\n'), { rssKib: 0, hwmKib: 0, name: 'node' });
  });

  it('reads the children list of a task', () => {
    assert.deepEqual(parseChildren('1234 5678 '), [1234, 5678]);
    assert.deepEqual(parseChildren(''), []);
  });

  it('judges targets, and nothing measured fails', () => {
    assert.deepEqual(judgeAtLeast(0.92, 0.92), { target: '>= 0.92', pass: true });
    assert.equal(judgeAtLeast(0.919, 0.92).pass, false);
    assert.deepEqual(judgeAtLeast(2_499, 2_500), { target: '>= 2,500', pass: false });
    assert.deepEqual(judgeAtMost(20, 20, 'ms'), { target: '<= 20 ms', pass: true });
    assert.equal(judgeAtMost(20.1, 20).pass, false);
    assert.deepEqual(judgeBelow(400, 400, 'MB'), { target: '< 400 MB', pass: false });
    assert.equal(judgeAtLeast(Number.NaN, 1).pass, false);
    assert.equal(judgeAtMost(Number.NaN, 1).pass, false);
    assert.ok(Number.isNaN(ratio(1, 0)));
  });

  it('merges slices: OK over the summed windows, one percentile over all latencies, statuses summed', () => {
    const slice = (ok: number, windowMs: number, latenciesMs: number[], statusCounts: Record<string, number>): LoadReport => ({
      ok,
      errors: Object.entries(statusCounts).reduce((t, [c, n]) => t + (c === '200' ? 0 : n), 0),
      statusCounts,
      latency: summarise(latenciesMs),
      latenciesMs,
      rps: ok / (windowMs / 1000),
      windowMs,
      sent: ok,
      cpuMs: 0,
      capped: false,
      prepareMs: 0,
      prepareNote: '',
    });
    const a = aggregate([slice(300, 1_000, [1, 2, 3], { '200': 300 }), slice(100, 2_000, [100], { '200': 100, '503': 2 })]);
    // 400 OK over 3 s, not the mean of the slices' rates (175).
    assert.equal(Math.round(a.rps * 100) / 100, 133.33);
    assert.equal(a.errors, 2);
    assert.equal(a.latency.max, 100);
    assert.equal(a.latency.p50, 2);
    assert.equal(a.statuses, '200×400, 503×2');
    assert.deepEqual(a.sliceRps, [300, 50]);
  });
});
