// Callback contacts: valid e-mail addresses and phone numbers found in free text; near misses recognised as attempts.
import { describe, expect, it } from 'vitest';
import { findContact, looksLikeContactAttempt } from '../../src/handoff/contact-capture.js';

describe('contact capture', () => {
  it('finds an e-mail address (lower-cased) or a phone number (digits, + kept)', () => {
    expect(findContact('mail me at Jo.Smith+cs@Mail.Example.co.uk please')).toEqual({ kind: 'email', value: 'jo.smith+cs@mail.example.co.uk' });
    expect(findContact('call 020 7946 0018')).toEqual({ kind: 'phone', value: '02079460018' });
    expect(findContact('+1 (415) 555-0100')).toEqual({ kind: 'phone', value: '+14155550100' });
  });

  it('rejects what is not a usable contact', () => {
    for (const text of ['me@nowhere', 'a..b@example.com', '12345', '1234567890123456789', 'tomorrow is fine', '']) expect(findContact(text)).toBeNull();
  });

  it('tells a failed attempt from an ordinary message', () => {
    expect(looksLikeContactAttempt('me@nowhere')).toBe(true);
    expect(looksLikeContactAttempt('12 34')).toBe(true);
    expect(looksLikeContactAttempt('where is order 12345?')).toBe(false);
  });
});
