import { parse } from 'csv-parse/sync';
import { CsvDataError, parseKameiCsv, splitCsvRecords } from '../../../src/risk/csv-kamei.js';
import { KAMEI_FEATURES } from '../../../src/risk/kamei.js';

const HEADER = ',_id,date,bug,__,ns,nd,nf,entrophy,la,ld,lt,fix,ndev,age,nuc,exp,rexp,sexp';
const ROW_1 = '0,8951b6,1420046511,0,0,1,1,1,0.0,2,2,1098,0,57,12.77,211,307,15.58,105';
const ROW_2 = '1,645d9e,1420144596,1,1,2,3,4,1.5,30,7,565,1,15,28.3,58,18788,706.7,2607';

describe('parseKameiCsv on the shared layout', () => {
  it('reads features, label and date, ignoring the row number, the id and the label copy __', () => {
    const csv = parseKameiCsv(`${HEADER}\n${ROW_1}\n${ROW_2}\n`, 'qt.csv');
    expect(csv.missingFeatures).toEqual([]);
    expect(csv.hasDate).toBe(true);
    expect(csv.rows).toHaveLength(2);
    expect(csv.rows[1]).toEqual({
      bug: 1,
      date: 1420144596,
      source: 'qt.csv',
      vector: {
        ns: 2,
        nd: 3,
        nf: 4,
        entropy: 1.5,
        la: 30,
        ld: 7,
        lt: 565,
        fix: 1,
        ndev: 15,
        age: 28.3,
        nuc: 58,
        exp: 18788,
        rexp: 706.7,
        sexp: 2607,
      },
    });
  });

  it('never takes __ as the label, even when it disagrees with bug', () => {
    const csv = parseKameiCsv(`bug,__,la\n0,1,5\n`, 'x.csv');
    expect(csv.rows[0]!.bug).toBe(0);
  });
});

describe('parseKameiCsv accepts alternative names and odd but valid input', () => {
  it.each([
    { name: 'buggy for bug', text: 'buggy,la\n1,3\n', check: { bug: 1, la: 3 } },
    { name: 'ent for entropy', text: 'bug,ent\n0,0.5\n', check: { bug: 0, entropy: 0.5 } },
    { name: 'entropy spelled right', text: 'bug,entropy\n0,0.25\n', check: { bug: 0, entropy: 0.25 } },
    {
      name: 'aexp/arexp/asexp',
      text: 'bug,aexp,arexp,asexp\n1,10,2.5,4\n',
      check: { bug: 1, exp: 10, rexp: 2.5, sexp: 4 },
    },
    { name: 'upper-case header', text: 'BUG,LA\n1,7\n', check: { bug: 1, la: 7 } },
    { name: 'quoted fields', text: '"bug","la","_id"\n"1","12","a,b"\n', check: { bug: 1, la: 12 } },
    {
      name: 'CRLF line ends and a byte-order mark',
      text: '\uFEFFbug,la\r\n1,4\r\n',
      check: { bug: 1, la: 4 },
    },
    { name: 'true/false labels', text: 'bug,la\ntrue,4\n', check: { bug: 1, la: 4 } },
    { name: 'spaces around fields', text: 'bug , la\n 1 , 4 \n', check: { bug: 1, la: 4 } },
    {
      name: 'empty and NA cells are unknown',
      text: 'bug,la,ld,nf\n1,,NA,nan\n',
      check: { bug: 1, la: null, ld: null, nf: null },
    },
  ])('$name', ({ text, check }) => {
    const { rows } = parseKameiCsv(text, 'x.csv');
    expect(rows).toHaveLength(1);
    const { bug, ...features } = check;
    expect(rows[0]!.bug).toBe(bug);
    for (const [name, value] of Object.entries(features)) expect(rows[0]!.vector[name as 'la']).toBe(value);
  });

  it('reports absent feature columns and leaves them unknown (null), never zero', () => {
    const csv = parseKameiCsv('bug,la,ld\n1,10,2\n', 'small.csv');
    expect(csv.missingFeatures).toEqual(KAMEI_FEATURES.filter((f) => f !== 'la' && f !== 'ld'));
    expect(csv.rows[0]!.vector.nf).toBeNull();
    expect(csv.rows[0]!.vector.exp).toBeNull();
    expect(csv.hasDate).toBe(false);
    expect(csv.rows[0]!.date).toBe(1); // file order stands in for time
  });
});

describe('parseKameiCsv rejects odd input with the file, line and column', () => {
  it.each([
    {
      name: 'no label column',
      text: 'la,ld\n1,2\n',
      message: 'x.csv:1: no label column: expected "bug" (or "buggy") in the header, found "la", "ld".',
      line: 1,
      column: 'bug',
    },
    {
      name: 'non-numeric feature',
      text: 'bug,la,ld\n0,1,2\n1,many,2\n',
      message:
        'x.csv:3: column "la" is "many", not a number; use a number, or leave the cell empty (or NA) when the signal is unknown.',
      line: 3,
      column: 'la',
    },
    {
      name: 'label not 0 or 1',
      text: 'bug,la\n2,1\n',
      message: 'x.csv:2: column "bug" is "2"; the label must be 0 or 1.',
      line: 2,
      column: 'bug',
    },
    {
      name: 'empty label',
      text: 'bug,la\n,1\n',
      message: 'x.csv:2: column "bug" is ""; the label must be 0 or 1.',
      line: 2,
      column: 'bug',
    },
    {
      name: 'ragged row (too few)',
      text: 'bug,la,ld\n1,2\n',
      message:
        'x.csv:2: row has 2 fields but the header has 3; fix the row so every row has one value per column.',
      line: 2,
      column: undefined,
    },
    {
      name: 'ragged row (too many)',
      text: 'bug,la\n1,2,3\n',
      message:
        'x.csv:2: row has 3 fields but the header has 2; fix the row so every row has one value per column.',
      line: 2,
      column: undefined,
    },
    {
      name: 'two columns for one feature',
      text: 'bug,ent,entrophy\n1,2,3\n',
      message: 'x.csv:1: columns "ent" and "entrophy" both give entropy; keep one of them.',
      line: 1,
      column: 'entrophy',
    },
    {
      name: 'non-numeric date',
      text: 'bug,date,la\n1,yesterday,3\n',
      message: 'x.csv:2: column "date" is "yesterday"; the date must be unix seconds.',
      line: 2,
      column: 'date',
    },
    {
      name: 'empty file',
      text: '',
      message: 'x.csv: the file is empty; expected a header row with bug and Kamei feature columns.',
      line: 1,
      column: undefined,
    },
  ])('$name', ({ text, message, line, column }) => {
    let caught: unknown;
    try {
      parseKameiCsv(text, 'x.csv');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvDataError);
    const error = caught as CsvDataError;
    expect(error.name).toBe('CsvDataError');
    expect(error.message).toBe(message);
    expect(error.line).toBe(line);
    expect(error.column).toBe(column);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => parseKameiCsv('bug,la\n1,2\n"1,3\n', 'q.csv')).toThrow(
      /^q\.csv:3: not valid CSV .*close every quoted field/,
    );
  });
});

describe('splitCsvRecords', () => {
  it.each([
    { name: 'plain', text: 'a,b\n1,2\n' },
    { name: 'CRLF and blank lines', text: 'a,b\r\n\r\n1,2\r\n3,4' },
    { name: 'spaces and empty cells', text: 'a , b,c\n 1,, 3 \n' },
    { name: 'lone CR line ends', text: 'a,b\r1,2\r' },
  ])('splits quote-free text as csv-parse does: $name', ({ text }) => {
    const expected = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true });
    expect(splitCsvRecords(text, 'x.csv')).toEqual(expected);
  });
});
