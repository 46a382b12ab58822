// CSV quoting / formula neutralising, and the text clustering of unrecognised messages, on hand-made inputs.
import { describe, expect, it } from 'vitest';
import { csvCell, tablesToCsv } from '../../src/reports/csv.js';
import { clusterUtterances } from '../../src/reports/utterance-clusters.js';

describe('csv', () => {
  it('quotes commas, quotes and line breaks; prefixes cells a spreadsheet would run as formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvCell(f)).toBe(`'${f}`);
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(null)).toBe('');
  });
  it('puts several tables under # name lines', () => {
    const text = tablesToCsv([{ name: 'a', columns: ['x'], rows: [[1]] }, { name: 'b', columns: ['y'], rows: [] }]);
    expect(text).toBe('# a\r\nx\r\n1\r\n\r\n# b\r\ny\r\n');
  });
});

describe('clustering unrecognised messages', () => {
  it('groups paraphrases, keeps unrelated questions apart, counts repeats and keeps every id', () => {
    const clusters = clusterUtterances([
      { id: '1', text: 'do you sell gift cards' },
      { id: '2', text: 'Do you sell gift cards?' },
      { id: '3', text: 'do you sell gift cards online' },
      { id: '4', text: 'tell me a joke' },
      { id: '5', text: 'can you tell me a joke' },
      { id: '6', text: 'what is the capital of France' },
    ]);
    expect(clusters.map((c) => [c.count, c.interactionIds])).toEqual([[3, ['1', '2', '3']], [2, ['5', '4']], [1, ['6']]]);
    expect(clusters[0]!.examples).toEqual(['do you sell gift cards', 'do you sell gift cards online']);
  });
  it('a threshold of 1 leaves only identical texts together', () => {
    expect(clusterUtterances([{ id: '1', text: 'tell me a joke' }, { id: '2', text: 'can you tell me a joke' }], 1)).toHaveLength(2);
  });
});
