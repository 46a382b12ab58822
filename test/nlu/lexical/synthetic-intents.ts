// A small synthetic intent set for the lexical tests: five shop intents written from templates, plus
// out-of-scope chatter labelled "oos". Deterministic, so tests can assert exact outcomes.
import type { LabelledText } from '../../../src/nlu/types.js';

const INTENTS: Record<string, string[]> = {
  track_order: ['where is my order', 'track my parcel', 'has my package shipped', 'when will my delivery arrive', 'order status please', 'where is the parcel i ordered'],
  cancel_order: ['cancel my order', 'i want to cancel the purchase', 'please stop my order', 'cancel the thing i just bought', 'can i cancel an order', 'undo my purchase'],
  refund: ['i want my money back', 'refund my payment', 'how do i get a refund', 'return the item for a refund', 'money back for a broken item', 'refund please'],
  password_reset: ['i forgot my password', 'reset my password', 'cannot log in to my account', 'change my login password', 'locked out of my account', 'password does not work'],
  opening_hours: ['when are you open', 'what are your opening hours', 'are you open on sunday', 'what time do you close', 'shop hours today', 'opening times please'],
};

const OOS = ['what is the weather tomorrow', 'tell me a joke', 'who won the football match', 'play some jazz music', 'how tall is mount everest', 'translate hello into french', 'what is the capital of peru', 'recommend a good film'];

const PREFIXES = ['', 'hi ', 'hello, ', 'excuse me ', 'quick question: '];
const SUFFIXES = ['', ' thanks', ' please', '?', ' asap'];

/** Rows of every intent: each template with a few prefix/suffix variants (`variants` per template). */
export function syntheticRows(variants: number, offset = 0, withOos = false): LabelledText[] {
  const rows: LabelledText[] = [];
  const add = (intent: string, templates: string[]) =>
    templates.forEach((t, i) => {
      for (let v = 0; v < variants; v++) {
        const k = (i + v + offset) % PREFIXES.length;
        const s = (i * 2 + v + offset) % SUFFIXES.length;
        rows.push({ text: `${PREFIXES[k]}${t}${SUFFIXES[s]}`, intent });
      }
    });
  for (const [intent, templates] of Object.entries(INTENTS)) add(intent, templates);
  if (withOos) add('oos', OOS);
  return rows;
}
