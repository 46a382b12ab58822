// Reads a callback contact out of a customer's message: an e-mail address or a phone number, validated.
export interface CapturedContact {
  kind: 'email' | 'phone';
  value: string;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const PHONE = /\+?\d[\d\s().-]{5,}\d/;

/** A contact when the text contains a valid one; null otherwise. Phone numbers: 7 to 15 digits (E.164 allows 15). */
export function findContact(text: string): CapturedContact | null {
  const email = EMAIL.exec(text)?.[0];
  if (email && email.length <= 254 && !email.includes('..')) return { kind: 'email', value: email.toLowerCase() };
  const phone = PHONE.exec(text)?.[0];
  if (phone) {
    const digits = phone.replace(/\D/g, '');
    if (digits.length >= 7 && digits.length <= 15) return { kind: 'phone', value: `${phone.trim().startsWith('+') ? '+' : ''}${digits}` };
  }
  return null;
}

/** True when the message looks like an attempt at a contact that did not validate (so we ask again, not answer it). */
export function looksLikeContactAttempt(text: string): boolean {
  const t = text.trim();
  return t.includes('@') || /^[\s\d+().-]{5,}$/.test(t);
}
