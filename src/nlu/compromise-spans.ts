// The people, e-mails and phone numbers compromise finds in a message, with their character offsets. Same results as
// `nlp(text)` followed by `.people()`, `.emails()` and `.phoneNumbers()`, but cheaper: compromise's post-tagger (about
// four fifths of its time) only runs when the first tagging pass leaves something a person could be made of, or the
// text could hold an e-mail or a phone number. Most chat messages ("where is my parcel?") have none of these.
import nlp from 'compromise';

export interface CompromiseMatch {
  text: string;
  offset: { start: number; length: number };
}

export interface CompromiseFinds {
  emails: CompromiseMatch[];
  phoneNumbers: CompromiseMatch[];
  people: CompromiseMatch[];
}

type Doc = ReturnType<typeof nlp>;
interface Term {
  normal: string;
  tags: Set<string>;
  switch?: string;
}
interface World {
  hooks: string[];
  methods: { one: { tokenize: { fromString: (text: string, world: World) => Term[][] } } };
}

const world = nlp.world() as World;
// nlp(text) is `new View(tokenised)` then every hook in order; running the hooks in two slices gives the same document.
const View = nlp('').constructor as new (document: Term[][]) => Doc;
const FIRST_PASS = world.hooks.slice(0, world.hooks.indexOf('preTagger') + 1);
const SECOND_PASS = world.hooks.slice(FIRST_PASS.length);

// Every post-tagger rule that makes a #Person (compromise 14, 2-two/postTagger/model/person) needs one of these
// tags, an ambiguous name word ("will", "mark": a `switch` with Person), or one of these words next to a name.
const PERSON_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Honorific', 'ProperNoun'];
const PERSON_WORDS = new Set(['sister', 'pope', 'brother', 'father', 'aunt', 'uncle', 'grandpa', 'grandfather', 'grandma', 'king', 'queen', 'prince', 'saint', 'lady', 'van', 'al', 'bin', 'de', 'du']);

function couldNamePerson(document: Term[][]): boolean {
  for (const sentence of document) {
    for (const term of sentence) {
      if (PERSON_TAGS.some((tag) => term.tags.has(tag)) || term.switch?.includes('Person') || PERSON_WORDS.has(term.normal)) return true;
    }
  }
  return false;
}

function spans(view: { found: boolean; json: (options: object) => unknown }): CompromiseMatch[] {
  if (!view.found) return []; // json({ offset }) costs as much as tagging, even for an empty match
  const raw: unknown = view.json({ offset: true });
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown): CompromiseMatch[] => {
    const o = item as { text?: unknown; offset?: { start?: unknown; length?: unknown } };
    return typeof o.text === 'string' && typeof o.offset?.start === 'number' && typeof o.offset.length === 'number'
      ? [{ text: o.text, offset: { start: o.offset.start, length: o.offset.length } }]
      : [];
  });
}

const DIGITS = /\d/gu;

export function compromiseFinds(text: string): CompromiseFinds {
  const none = { emails: [], phoneNumbers: [], people: [] };
  if (text === '') return none;
  const document = world.methods.one.tokenize.fromString(text, world);
  const doc = new View(document);
  doc.compute(FIRST_PASS);
  // The extractor keeps a phone number only with 7+ digits; an e-mail needs an @.
  const phoneLike = (text.match(DIGITS)?.length ?? 0) >= 7;
  if (!phoneLike && !text.includes('@') && !couldNamePerson(doc.document as unknown as Term[][])) return none;
  doc.compute(SECOND_PASS);
  return { emails: spans(doc.emails()), phoneNumbers: spans(doc.phoneNumbers()), people: spans(doc.people()) };
}
