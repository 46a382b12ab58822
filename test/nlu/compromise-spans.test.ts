// compromiseFinds must give exactly what plain nlp(text) gives, on messages with and without names, e-mails, phones.
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { compromiseFinds } from '../../src/nlu/compromise-spans.js';

const MESSAGES = [
  'where is my parcel? it has been a week',
  'can I pay with paypal',
  'my name is john smith',
  'this is Sarah, I ordered a lamp',
  'mark said my order is late',
  'ask chuck about it',
  'will smith bought it',
  'I spoke to sen yesterday',
  'Dr Who here',
  'see bill from Mr. Jones',
  "hi, it is Mary-Jane O'Connor",
  'my brother Tom ordered the shoes',
  'pope francis',
  'a lady of the house',
  'dick van dyke called',
  'call me on 07700 900123',
  'my number is +44 20 7946 0958',
  'email me at a.b@example.com',
  'ring 555 1234',
  'thank you, that helps',
  'I am 16 and just started working at McDonalds',
  'the app keeps logging me out',
  '',
  '   ',
  '😀😀',
];

function plain(text: string) {
  const doc = nlp(text);
  const pick = (v: { json: (o: object) => unknown }) => (v.json({ offset: true }) as { text: string; offset: { start: number; length: number } }[]).map((o) => ({ text: o.text, offset: { start: o.offset.start, length: o.offset.length } }));
  return { emails: pick(doc.emails()), phoneNumbers: pick(doc.phoneNumbers()), people: pick(doc.people()) };
}

describe('compromiseFinds', () => {
  it.each(MESSAGES)('matches nlp() on %j', (text) => {
    expect(compromiseFinds(text)).toEqual(plain(text));
  });

  it('finds the people and e-mails in a message, and nothing in one without them', () => {
    const found = compromiseFinds('this is Sarah Jones, email sarah@example.com');
    expect(found.people.map((p) => p.text)).toEqual(['Sarah Jones,']);
    expect(found.emails.map((e) => e.text)).toEqual(['sarah@example.com']);
    expect(compromiseFinds('where is my parcel?')).toEqual({ emails: [], phoneNumbers: [], people: [] });
  });
});
