import { Run, isTerminal } from '../../model/run.js';
import type { RunFilter } from '../store.js';
import type { RedisContext } from './context.js';
import { asArray, asString, lua } from './lua.js';

/** The RunFilter fields, each backed by a lex-ordered index zset and an `idx:<kind>` hash field. */
const INDEXED = ['ticketId', 'clientId', 'remediationId', 'state', 'signalId'] as const;

/** [kind, value] pairs for the run's non-null indexed fields. */
function indexPairs(run: Run): string[] {
  return INDEXED.flatMap((kind) => {
    const value = run[kind];
    return value === null ? [] : [kind, value];
  });
}

// Shared tail of create/update: index the run under its new member. ARGV layout from 5 on:
// kind, value pairs. Members sort by createdAt then rowid (SQLite's ORDER BY created_at, rowid).
const WRITE_INDEXES = `
local function write_run(run, member, stem, json, version, active)
  redis.call('HSET', run, 'json', json, 'version', version, 'member', member)
  redis.call('ZADD', KEYS[2], 0, member)
  if active == '1' then redis.call('ZADD', KEYS[3], 0, member) end
  for i = 7, #ARGV, 2 do
    redis.call('ZADD', stem .. ARGV[i] .. ':' .. ARGV[i + 1], 0, member)
    redis.call('HSET', run, 'idx:' .. ARGV[i], ARGV[i + 1])
  end
end
`;

// KEYS: run, runs:all, runs:active, rowid. ARGV: index stem, json, version, createdAt, active, id, pairs...
const CREATE = lua(`${WRITE_INDEXES}
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('run ' .. ARGV[6] .. ' already exists')
end
local member = ARGV[4] .. '\\0' .. pad_rowid(redis.call('INCR', KEYS[4])) .. '\\0' .. ARGV[6]
write_run(KEYS[1], member, ARGV[1], ARGV[2], ARGV[3], ARGV[5])
return 1
`);

// Compare-and-set on version; on success every index moves from the old member to the new one
// (state and createdAt may both have changed). KEYS/ARGV as CREATE, with ARGV[6] = expected version.
const UPDATE = lua(`${WRITE_INDEXES}
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[6] then return 0 end
local old = redis.call('HGET', KEYS[1], 'member')
redis.call('ZREM', KEYS[2], old)
redis.call('ZREM', KEYS[3], old)
for _, kind in ipairs({'ticketId', 'clientId', 'remediationId', 'state', 'signalId'}) do
  local value = redis.call('HGET', KEYS[1], 'idx:' .. kind)
  if value then
    redis.call('ZREM', ARGV[1] .. kind .. ':' .. value, old)
    redis.call('HDEL', KEYS[1], 'idx:' .. kind)
  end
end
local rowid = string.sub(old, string.find(old, '\\0', 1, true) + 1)
local member = ARGV[4] .. '\\0' .. rowid
write_run(KEYS[1], member, ARGV[1], ARGV[2], ARGV[3], ARGV[5])
return 1
`);

// A consistent snapshot: drives from the smallest matching index (or the default driver) and
// checks the other filters on the run's idx fields. ARGV: run stem, default driver, index stem,
// limit (-1 = none), 'rev'|'asc', kind/value pairs.
const LIST = lua(`
local driver = ARGV[2]
local filters = {}
local best = nil
for i = 6, #ARGV, 2 do
  local key = ARGV[3] .. ARGV[i] .. ':' .. ARGV[i + 1]
  filters[#filters + 1] = {'idx:' .. ARGV[i], ARGV[i + 1]}
  local n = redis.call('ZCARD', key)
  if best == nil or n < best then best = n; driver = key end
end
local limit = tonumber(ARGV[4])
local out = {}
if limit == 0 then return out end
local offset = 0
while true do
  local members
  if ARGV[5] == 'rev' then
    members = redis.call('ZREVRANGEBYLEX', driver, '+', '-', 'LIMIT', offset, 500)
  else
    members = redis.call('ZRANGEBYLEX', driver, '-', '+', 'LIMIT', offset, 500)
  end
  if #members == 0 then return out end
  for _, member in ipairs(members) do
    local run = ARGV[1] .. lex_id(member)
    local ok = true
    for _, f in ipairs(filters) do
      if redis.call('HGET', run, f[1]) ~= f[2] then ok = false; break end
    end
    if ok then
      local json = redis.call('HGET', run, 'json')
      if json then
        out[#out + 1] = json
        if limit > 0 and #out >= limit then return out end
      end
    end
  end
  offset = offset + #members
end
`);

const parse = (json: unknown): Run => Run.parse(JSON.parse(asString(json)));

/** The persisted loop state machine, written with compare-and-set on `version`. */
export function runTable({ client, keys }: RedisContext) {
  const writeKeys = (id: string) => [keys.run(id), keys.runsAll, keys.runsActive, keys.runRowid];
  const writeArgs = (run: Run, sixth: string) => [
    keys.runIndexStem, JSON.stringify(run), String(run.version), run.createdAt, isTerminal(run.state) ? '0' : '1', sixth,
    ...indexPairs(run),
  ];
  const list = async (driver: string, direction: 'rev' | 'asc', limit: number, pairs: string[]): Promise<Run[]> => {
    const reply = await LIST.run(client, [], [keys.runStem, driver, keys.runIndexStem, limit, direction, ...pairs]);
    return asArray(reply).map(parse);
  };

  return {
    async create(input: Run): Promise<void> {
      const run = Run.parse(input);
      await CREATE.run(client, writeKeys(run.id), writeArgs(run, run.id));
    },
    async get(id: string): Promise<Run | null> {
      const json = await client.hGet(keys.run(id), 'json');
      return json === null || json === undefined ? null : parse(json);
    },
    async update(next: Run, expectedVersion: number): Promise<Run | null> {
      const stored: Run = { ...next, version: expectedVersion + 1 };
      const ok = await UPDATE.run(client, writeKeys(stored.id), writeArgs(stored, String(expectedVersion)));
      return ok === 1 ? stored : null;
    },
    async list(filter: RunFilter): Promise<Run[]> {
      const pairs = INDEXED.flatMap((kind) => {
        const value = filter[kind];
        return value === undefined ? [] : [kind, value];
      });
      const limit = filter.limit === undefined ? -1 : Math.max(0, Math.floor(filter.limit));
      return list(keys.runsAll, 'rev', limit, pairs);
    },
    listActive: (): Promise<Run[]> => list(keys.runsActive, 'asc', -1, []),
  };
}
