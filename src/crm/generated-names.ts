// Deterministic display names and e-mail addresses for customers whose source data has none (the public data sets
// are anonymous). Same id → same name, on every machine.
import { createHash } from 'node:crypto';

const FIRST = ['Ann', 'Ben', 'Chloe', 'David', 'Emma', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jack', 'Kavya', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Ravi', 'Sofia', 'Tom', 'Uma', 'Victor', 'Wendy', 'Xavier', 'Yasmin', 'Zoe', 'Aidan', 'Bella', 'Callum', 'Daisy', 'Ethan', 'Freya'];
const LAST = ['Adams', 'Brown', 'Clarke', 'Davies', 'Evans', 'Fischer', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Morgan', 'Nguyen', 'Owen', 'Patel', 'Quinn', 'Roberts', 'Singh', 'Taylor', 'Usman', 'Vaughan', 'Walker', 'Young', 'Zhang', 'Murphy', 'Kelly', 'Wright'];

export function generatedIdentity(id: string): { name: string; email: string } {
  const digest = createHash('sha256').update(`concierge-name-v1\n${id}`).digest();
  const first = FIRST[digest.readUInt16BE(0) % FIRST.length] ?? 'Alex';
  const last = LAST[digest.readUInt16BE(2) % LAST.length] ?? 'Smith';
  const tag = id.toLowerCase().replace(/[^a-z0-9]/g, '');
  return { name: `${first} ${last}`, email: `${first}.${last}.${tag}@example.com`.toLowerCase() };
}
