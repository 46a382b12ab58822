// Staff accounts (agents, managers, admins): creation, sign-in, and the demo accounts of a non-production install.
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { Role, UserStore } from '../store/ports.js';
import { hashPassword, verifyPassword } from './passwords.js';

export const usernameSchema = z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash, underscore');
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256);
export const roleSchema = z.enum(['agent', 'manager', 'admin']);

/** Demo staff accounts for trying the product locally; never created when NODE_ENV=production. */
export const DEMO_USERS: { username: string; password: string; role: Role }[] = [
  { username: 'agent', password: 'agent-demo-password', role: 'agent' },
  { username: 'manager', password: 'manager-demo-password', role: 'manager' },
  { username: 'admin', password: 'admin-demo-password', role: 'admin' },
];

export async function addUser(users: UserStore, input: { username: string; password: string; role: string }, now = new Date()) {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) throw new AppError('USER_INVALID', `username: ${username.error.issues[0]?.message}`, { status: 400 });
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) throw new AppError('USER_INVALID', `password: ${password.error.issues[0]?.message}`, { status: 400 });
  const role = roleSchema.safeParse(input.role);
  if (!role.success) throw new AppError('USER_INVALID', 'role: must be agent, manager or admin', { status: 400 });
  const existing = await users.get(username.data);
  await users.upsert({
    username: username.data,
    passwordHash: await hashPassword(password.data),
    role: role.data,
    createdAt: existing?.createdAt ?? now.toISOString(),
  });
  return { username: username.data, role: role.data, created: existing === null };
}

// A fixed hash to compare against when the user does not exist, so response time does not reveal which names exist.
let dummyHash: Promise<string> | undefined;

export async function authenticate(users: UserStore, username: string, password: string): Promise<{ username: string; role: Role } | null> {
  const user = await users.get(username);
  if (!user || user.disabled) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(password, await dummyHash);
    return null;
  }
  return (await verifyPassword(password, user.passwordHash)) ? { username: user.username, role: user.role } : null;
}

/** Creates the demo accounts that do not exist yet; returns the ones that are usable with their demo password. */
export async function ensureDemoUsers(users: UserStore): Promise<typeof DEMO_USERS> {
  for (const demo of DEMO_USERS) {
    if (!(await users.get(demo.username))) await addUser(users, demo);
  }
  return DEMO_USERS;
}
