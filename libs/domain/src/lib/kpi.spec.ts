import fc from 'fast-check';
import {
  bucketIndex,
  HISTOGRAM_BUCKETS_HOURS,
  HISTOGRAM_RELATIVE_PRECISION,
  histogramOf,
  mean,
  median,
  mergeHistograms,
  percentile,
  percentileFromHistogram,
  rate,
} from './kpi';

describe('KPI maths (R4.4-f: complaint information used to improve service)', () => {
  it('median: odd, even, empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
  it('percentile uses linear interpolation like PostgreSQL percentile_cont', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(v, 0)).toBe(1);
    expect(percentile(v, 1)).toBe(10);
    expect(percentile(v, 0.9)).toBeCloseTo(9.1, 10); // percentile_cont(0.9) over 1..10
    expect(percentile([5], 0.9)).toBe(5);
    expect(() => percentile(v, 1.1)).toThrow(RangeError);
  });
  it('rate is null without data, never NaN', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 4)).toBe(0.75);
  });
  it('mean', () => {
    expect(mean([])).toBeNull();
    expect(mean([4, 5])).toBe(4.5);
  });
});

describe('log-scale histogram', () => {
  it('bucket bounds are increasing and bucketIndex puts a value in [B[i], B[i+1])', () => {
    const B = HISTOGRAM_BUCKETS_HOURS;
    for (let i = 1; i < B.length; i++) expect(B[i]).toBeGreaterThan(B[i - 1]);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20_000, noNaN: true }), (h) => {
        const i = bucketIndex(h);
        return h >= B[i] && (i === B.length - 1 || h < B[i + 1]);
      }),
    );
    expect(bucketIndex(B[5])).toBe(5);
  });
  it(`percentileFromHistogram is within ${(HISTOGRAM_RELATIVE_PRECISION * 100).toFixed(1)} % of the exact percentile`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1 / 60, max: 9_999, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          const exact = percentile(values, p) as number;
          const estimate = percentileFromHistogram(histogramOf(values), p) as number;
          return Math.abs(estimate - exact) <= exact * HISTOGRAM_RELATIVE_PRECISION + 1e-9;
        },
      ),
    );
  });
  it('merging histograms equals the histogram of the union; empty → null', () => {
    expect(mergeHistograms(histogramOf([1, 2]), histogramOf([3]))).toEqual(histogramOf([1, 2, 3]));
    expect(percentileFromHistogram(histogramOf([]), 0.5)).toBeNull();
  });
});
