import type { Response } from 'express';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/roles.js';

/** Every error the admin API answers: JSON with a machine code and a sentence for people. */
export const ErrorBody = z.object({ error: z.string(), message: z.string() });

export function sendError(res: Response, status: number, error: string, message: string): void {
  res.status(status).json({ error, message });
}

/** Parses a query or body with zod; on failure answers 400 naming each bad field and returns undefined. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, res: Response): T | undefined {
  const p = schema.safeParse(value);
  if (p.success) return p.data;
  sendError(res, 400, 'bad_request', p.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return undefined;
}

/**
 * Who did it, for the audit and decisions: always the credential that signed the request (the
 * API key's id and name, or the bootstrap token). A body never names the actor: a shared token
 * that could write any name into the audit would make the audit say what its holder wanted.
 */
export function actorFor(res: Response): string {
  const p = principalOf(res);
  if (!p) throw new Error('actorFor on an unauthenticated request');
  return actorOf(p);
}

/** Old callers still send `by`; it is accepted and ignored (the credential names the actor). */
export const ByField = z.string().min(1).max(100).optional().describe('ignored: the actor is always the key or token that signed the request');
