import type { Approval, ApprovalStatus } from '../store.js';
import type { RedisContext } from './context.js';
import { asArray, flatHash, lua } from './lua.js';
import { ApprovalRecord } from '../records.js';

const FIELDS = [
  'id', 'runId', 'clientId', 'remediationId', 'ticketId', 'planHash', 'planSummary', 'reason', 'status',
  'createdAt', 'expiresAt', 'decidedBy', 'decidedAt',
] as const;

const DECISIONS: readonly string[] = ['approved', 'denied', 'expired', 'voided'];

// KEYS: approval, all, rowid. ARGV: status stem, id, createdAt, status, field/value pairs (nulls left out).
const CREATE = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('approval ' .. ARGV[2] .. ' already exists')
end
local member = ARGV[3] .. '\\0' .. pad_rowid(redis.call('INCR', KEYS[3])) .. '\\0' .. ARGV[2]
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], '_member', member)
redis.call('ZADD', KEYS[2], 0, member)
redis.call('ZADD', ARGV[1] .. ARGV[4], 0, member)
return 1
`);

// The status check and the write are one script: a decision is single-shot across processes.
// KEYS: approval. ARGV: status stem, allowed from-statuses (comma list), new status, at, '1'|'0'
// (set decidedBy?), decidedBy. Voiding keeps decidedBy: who approved the plan that is now void.
const TRANSITION = lua(`
local status = redis.call('HGET', KEYS[1], 'status')
if not status or not string.find(',' .. ARGV[2] .. ',', ',' .. status .. ',', 1, true) then return false end
local member = redis.call('HGET', KEYS[1], '_member')
redis.call('ZREM', ARGV[1] .. status, member)
redis.call('ZADD', ARGV[1] .. ARGV[3], 0, member)
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'decidedAt', ARGV[4])
if ARGV[5] == '1' then redis.call('HSET', KEYS[1], 'decidedBy', ARGV[6]) end
return redis.call('HGETALL', KEYS[1])
`);

// Ordered by createdAt, then creation order (the member's sort key), like SQLite.
const LIST = lua(`
local out = {}
for _, member in ipairs(redis.call('ZRANGEBYLEX', KEYS[1], '-', '+')) do
  local row = redis.call('HGETALL', ARGV[1] .. lex_id(member))
  if #row > 0 then out[#out + 1] = row end
end
return out
`);

function fromHash(reply: unknown): Approval {
  const h = flatHash(reply);
  return ApprovalRecord.parse(Object.fromEntries(FIELDS.map((f) => [f, h[f] ?? null])));
}

/** Approvals bound to an exact plan hash; decided exactly once. */
export function approvalTable({ client, keys }: RedisContext) {
  const transition = async (id: string, from: string, to: ApprovalStatus, at: string, by: string | null): Promise<Approval | null> => {
    const reply = await TRANSITION.run(client, [keys.approval(id)], [
      keys.approvalStatusStem, from, to, at, by === null ? '0' : '1', by ?? '',
    ]);
    return reply === null ? null : fromHash(reply);
  };

  return {
    async create(input: Approval): Promise<void> {
      const a = ApprovalRecord.parse(input);
      const pairs = FIELDS.flatMap((f) => (a[f] === null ? [] : [f, a[f]]));
      await CREATE.run(client, [keys.approval(a.id), keys.approvalsAll, keys.approvalRowid], [
        keys.approvalStatusStem, a.id, a.createdAt, a.status, ...pairs,
      ]);
    },
    async get(id: string): Promise<Approval | null> {
      const h = await client.hGetAll(keys.approval(id));
      if (Object.keys(h).length === 0) return null;
      return ApprovalRecord.parse(Object.fromEntries(FIELDS.map((f) => [f, h[f] ?? null])));
    },
    async list(status?: ApprovalStatus): Promise<Approval[]> {
      const index = status === undefined ? keys.approvalsAll : keys.approvalsByStatus(status);
      return asArray(await LIST.run(client, [index], [keys.approvalStem])).map(fromHash);
    },
    decide(id: string, decision: Exclude<ApprovalStatus, 'pending'>, by: string, at: string): Promise<Approval | null> {
      if (decision === ('pending' as string)) return Promise.reject(new Error('an approval cannot be decided back to pending'));
      // Checked before the write (SQLite rolls back a row that fails validation; a script cannot).
      if (!DECISIONS.includes(decision)) return Promise.reject(new Error(`unknown approval decision ${JSON.stringify(decision)}`));
      return transition(id, 'pending', decision, at, by);
    },
    void: (id: string, at: string): Promise<Approval | null> => transition(id, 'pending,approved', 'voided', at, null),
  };
}
