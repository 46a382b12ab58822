// The normaliser: placeholders for ids and amounts, punctuation and case, and odd input that must not throw.
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, normaliseText, stemToken, textTokens, tokenize } from '../../src/nlu/text-normalise.js';

describe('normaliseText', () => {
  it.each([
    ['Where is MY order?!', 'where is my order'],
    ["I don't want it", 'i dont want it'],
    ['Where’s my parcel', 'wheres my parcel'],
    ['where is #548213', 'where is xorderid'],
    ['order no. 536365 please', 'order no xorderid please'],
    ['is C536379 cancelled', 'is xorderid cancelled'],
    ['mail me at Jo.Smith+shop@Example.co.uk', 'mail me at xemail'],
    ['call +44 20 7946 0958 now', 'call xphone now'],
    ['ring 07700 900123', 'ring xphone'],
    ['it cost £19.99', 'it cost xmoney'],
    ['I paid 20 pounds', 'i paid xmoney'],
    ['$5 off', 'xmoney off'],
    ['I ordered 3 bags', 'i ordered xnumber bags'],
    ['see https://shop.example.com/help', 'see xurl'],
    ['hellooooo', 'hello'],
    ['ｈｅｌｌｏ', 'hello'],
    ['Hey! 👋', 'hey hello'],
    ['🙏', 'thanks'],
    ['p&p costs?', 'p p costs'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('handles empty, punctuation-only and emoji-only text', () => {
    expect(normaliseText('')).toBe('');
    expect(normaliseText('   ')).toBe('');
    expect(normaliseText('?!...')).toBe('');
    expect(normaliseText('😀🎉')).toBe('');
  });

  it('keeps non-Latin letters', () => {
    expect(normaliseText('Привет, мир!')).toBe('привет мир');
    expect(textTokens('你好，我的订单在哪里')).toEqual(['你好', '我的订单在哪里']);
  });

  it('tolerates non-string input and caps very long text', () => {
    expect(normaliseText(undefined as unknown as string)).toBe('');
    expect(normaliseText('a '.repeat(MAX_TEXT_CHARS * 2)).length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });
});

describe('tokenize and stemToken', () => {
  it('splits on spaces without empty tokens', () => {
    expect(tokenize('where is  my order')).toEqual(['where', 'is', 'my', 'order']);
    expect(tokenize('')).toEqual([]);
  });
  it('stems English words but leaves placeholders and other scripts alone', () => {
    expect(stemToken('cancelling')).toBe('cancel');
    expect(stemToken('subscriptions')).toBe('subscript');
    expect(stemToken('xorderid')).toBe('xorderid');
    expect(stemToken('привет')).toBe('привет');
  });
});
