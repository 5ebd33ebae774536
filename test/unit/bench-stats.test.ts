import { describe, expect, it } from 'vitest';
import { fmtInt, fmtMs, median, percentile, ratio, round, timeRuns } from '../bench/stats';

describe('bench statistics', () => {
  it('median: odd, even, unsorted, empty, non-finite values ignored', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN, 3, Infinity])).toBe(2);
  });
  it('percentile: linear interpolation between closest ranks (numpy default)', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 95)).toBeCloseTo(95.05, 10);
    expect(percentile(xs, 50)).toBe(50.5);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5, 10);
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([2, 1], 150)).toBe(2); // clamped
  });
  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });
  it('ratio and rounding', () => {
    expect(ratio(10, 4)).toBe('2.5×');
    expect(ratio(1, 0)).toBe('—');
    expect(ratio(Number.NaN, 1)).toBe('—');
    expect(round(1.26, 1)).toBe(1.3);
    expect(round(Number.NaN)).toBeNaN();
  });
  it('timeRuns: warm-up runs are not timed', async () => {
    let calls = 0;
    const times = await timeRuns(3, () => calls++, 2);
    expect(calls).toBe(5);
    expect(times).toHaveLength(3);
    expect(times.every((t) => t >= 0)).toBe(true);
  });
  it('formats', () => {
    expect(fmtInt(50000)).toBe('50,000');
    expect(fmtMs(3.14)).toBe('3.1');
    expect(fmtMs(1234.5)).toBe('1,235');
    expect(fmtMs(Number.NaN)).toBe('—');
  });
});
