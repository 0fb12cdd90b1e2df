import { timingSafeEqual, createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * Bearer-token check for the admin API. Compares hashes so the comparison takes the same time
 * whatever the length of what was sent.
 */
export function requireAdminToken(token: string) {
  const want = createHash('sha256').update(token).digest();
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const sent = header.startsWith('Bearer ') ? header.slice(7) : '';
    const got = createHash('sha256').update(sent).digest();
    if (!sent || !timingSafeEqual(want, got)) {
      res.status(401).json({ error: 'unauthorized', message: 'send the admin token as "Authorization: Bearer <token>"' });
      return;
    }
    next();
  };
}
