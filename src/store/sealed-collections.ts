// The collection specs with a field cipher attached (DATA_ENCRYPTION_KEY set): the spec's `sealed` fields are then
// encrypted by the codec in collection-spec.ts, for the embedded store and MongoDB alike.
import type { FieldCipher } from '../security/field-encryption.js';
import type { CollectionSpecs } from './collections.js';

export function withCipher(specs: CollectionSpecs, cipher: FieldCipher): CollectionSpecs {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { ...spec, cipher }])) as unknown as CollectionSpecs;
}
