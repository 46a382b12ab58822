// Entity extraction, table-driven over the tricky cases customers actually type.
import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../../src/nlu/entities.js';
import type { EntityValue } from '../../src/nlu/types.js';

const now = () => new Date('2025-11-23T10:00:00Z'); // a Sunday
const extractor = createEntityExtractor({
  now,
  productNames: ['WHITE HANGING HEART T-LIGHT HOLDER', 'JUMBO BAG RED RETROSPOT', 'JUMBO BAG', 'SET'],
});

type Case = [text: string, expected: Array<Pick<EntityValue, 'type' | 'value'> & { text?: string }>];

const cases: Case[] = [
  ['where is #548213', [{ type: 'orderId', value: '548213', text: '#548213' }]],
  ['order no 536365 has not arrived', [{ type: 'orderId', value: '536365', text: '536365' }]],
  ['order no. C536379 was cancelled', [{ type: 'orderId', value: 'C536379', text: 'C536379' }]],
  ['what about c536379?', [{ type: 'orderId', value: 'C536379' }]],
  ['my order number is 5363651', [{ type: 'orderId', value: '5363651' }]],
  ['Order #540123 and order 540124', [{ type: 'orderId', value: '540123' }, { type: 'orderId', value: '540124' }]],
  ['536365 still not here', [{ type: 'orderId', value: '536365' }]],
  ['email me at Jo.Smith+shop@Example.co.uk please', [{ type: 'email', value: 'jo.smith+shop@example.co.uk', text: 'Jo.Smith+shop@Example.co.uk' }]],
  ['call me on +44 20 7946 0958', [{ type: 'phone', value: '+442079460958', text: '+44 20 7946 0958' }]],
  ['my mobile is 07700 900123', [{ type: 'phone', value: '07700900123' }]],
  ['it cost £19.99', [{ type: 'money', value: 'GBP 19.99', text: '£19.99' }]],
  ['I was charged 20 pounds', [{ type: 'money', value: 'GBP 20.00', text: '20 pounds' }]],
  ['$5 off', [{ type: 'money', value: 'USD 5.00', text: '$5' }]],
  ['€1,250.5 refund', [{ type: 'money', value: 'EUR 1250.50' }]],
  ['arrives tomorrow', [{ type: 'date', value: '2025-11-24', text: 'tomorrow' }]],
  ['it was due yesterday', [{ type: 'date', value: '2025-11-22' }]],
  ['ordered on 12 March', [{ type: 'date', value: '--03-12', text: '12 March' }]],
  ['delivered March 3rd, 2024', [{ type: 'date', value: '2024-03-03' }]],
  ['placed 2024-11-02', [{ type: 'date', value: '2024-11-02' }]],
  ['placed 02/11/2024', [{ type: 'date', value: '2024-11-02' }]],
  ['can it come next Friday', [{ type: 'date', value: 'next friday', text: 'next Friday' }]],
  ['my name is Sarah Connor', [{ type: 'person', value: 'Sarah Connor', text: 'Sarah Connor' }]],
  ['Hi Concierge', []],
  ['how much is the white hanging heart t-light holder', [{ type: 'product', value: 'WHITE HANGING HEART T-LIGHT HOLDER' }]],
  ['is the jumbo bag red retrospot in stock', [{ type: 'product', value: 'JUMBO BAG RED RETROSPOT' }]],
  ['a jumbo bags sale', []],
  ['I want to return an item', []],
  ['', []],
  ['😀🎉', []],
  ['你好，我的订单在哪里', []],
  [
    'Order #548213 cost £54.20, mail sam+x@shop.com or ring 020 7946 0958 tomorrow',
    [
      { type: 'orderId', value: '548213' },
      { type: 'money', value: 'GBP 54.20' },
      { type: 'email', value: 'sam+x@shop.com' },
      { type: 'phone', value: '02079460958' },
      { type: 'date', value: '2025-11-24' },
    ],
  ],
];

describe('createEntityExtractor', () => {
  it.each(cases)('%j', (text, expected) => {
    const got = extractor.extract(text);
    const shaped = got.map((e, i) => (expected[i]?.text === undefined ? { type: e.type, value: e.value } : { type: e.type, value: e.value, text: e.text }));
    expect(shaped).toEqual(expected);
  });

  it('never reports overlapping spans', () => {
    for (const [text] of cases) {
      const got = extractor.extract(text);
      let from = 0;
      for (const e of got) {
        const at = text.indexOf(e.text, from);
        expect(at).toBeGreaterThanOrEqual(from);
        from = at + e.text.length;
      }
    }
  });

  it('copes with odd input without throwing', () => {
    const plain = createEntityExtractor();
    expect(plain.extract(undefined as unknown as string)).toEqual([]);
    expect(plain.extract('x'.repeat(200_000))).toEqual([]);
    expect(plain.extract('<script>alert(1)</script> $(rm -rf /) \u0000')).toEqual([]);
  });
});
