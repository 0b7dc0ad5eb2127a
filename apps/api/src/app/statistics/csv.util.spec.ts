import fc from 'fast-check';
import { csvCell, csvLine } from './csv.util';
import { parseCsv } from '../../testing/csv-parse';

describe('CSV cells (export.csv)', () => {
  it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(true)).toBe('true');
    expect(csvLine(['a', null, 3])).toBe('a,,3\r\n');
  });

  it.each(['=1+2', '+41 22', '-3', '@SUM(A1)', '\tTAB', '\rCR', '=HYPERLINK("http://x","y")'])(
    'neutralises a formula-like cell %j with a leading single quote',
    (v) => {
      const out = parseCsv(csvLine([v]))[0][0];
      expect(out).toBe(`'${v}`);
    },
  );

  it('leaves numbers alone (they are written by the API, never formulas)', () => {
    expect(csvCell(-1)).toBe('-1');
  });

  it('property: any text reads back unchanged (apart from the formula guard) and never starts a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (cells) => {
        const [back] = parseCsv(csvLine(cells));
        expect(back).toHaveLength(cells.length);
        back.forEach((b, i) => {
          const guarded = /^[=+\-@\t\r]/.test(cells[i]);
          expect(b).toBe(guarded ? `'${cells[i]}` : cells[i]);
          expect(/^[=+\-@\t\r]/.test(b)).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });
});
