// What a customer's message may contain before it reaches the turn pipeline: well-formed Unicode, no control
// characters other than line breaks and tabs, and a stated length cap that is reported, never silently applied.
//
// Lone surrogates (possible in JSON "\ud800") would be stored as broken text and render as garbage in the agent
// console; they become U+FFFD. C0/C1 controls (NUL, ESC, BEL, DEL…) carry no meaning in a chat message and can
// confuse terminals that tail logs or exports, so they are dropped. Emoji, combining marks and every script pass as is.

/** The longest customer message the bot reads, in UTF-16 code units (what JavaScript's `length` counts). */
export const MAX_CUSTOMER_MESSAGE_CHARS = 2000;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A high surrogate without a low one after it, or a low one without a high one before it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Well-formed Unicode without control characters (line breaks and tabs kept, CR LF → LF). */
export function cleanCustomerText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '');
}

/** The message a customer sees when their text is over the cap: how long it was, what the limit is, what to do. */
export function tooLongMessage(length: number, max: number = MAX_CUSTOMER_MESSAGE_CHARS): string {
  return `The message is ${length.toLocaleString('en')} characters long; the limit is ${max.toLocaleString('en')}. Please shorten it or split it into several messages.`;
}
