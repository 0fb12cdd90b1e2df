import type { DoctorCheck, Env } from './psa-integration.js';

/** Doctor building blocks shared by the RMM folders. Checks name env variables, never print their values. */
export function envCheck(name: string, env: Env, envName: string): DoctorCheck {
  return env[envName] ? { name, ok: true, detail: `${envName} is set` } : { name, ok: false, detail: `environment variable ${envName} is not set` };
}

/** Runs a read against the RMM; a failure becomes a failed check with the (secret-free) error message. */
export async function reachCheck<T>(name: string, read: () => Promise<T>, describe: (v: T) => string): Promise<{ check: DoctorCheck; value: T | null }> {
  try {
    const value = await read();
    return { check: { name, ok: true, detail: describe(value) }, value };
  } catch (err) {
    return { check: { name, ok: false, detail: err instanceof Error ? err.message : String(err) }, value: null };
  }
}

/** Every organisation a client maps to this installation must exist in the RMM. */
export function organisationsCheck(what: string, mapped: string[], existing: { id: string; name: string }[] | null): DoctorCheck {
  const name = `mapped ${what}s exist`;
  if (!existing) return { name, ok: false, detail: `could not list the ${what}s (see above)` };
  if (mapped.length === 0) return { name, ok: false, detail: `no client in the config maps a ${what} of this installation: its alerts would all go to the unmapped-devices destination` };
  const missing = mapped.filter((id) => !existing.some((e) => e.id === id));
  if (missing.length > 0) return { name, ok: false, detail: `not found in the RMM: ${missing.join(', ')} (it has ${existing.map((e) => `${e.id} ${e.name}`).join(', ')})` };
  return { name, ok: true, detail: mapped.map((id) => `${id} (${existing.find((e) => e.id === id)!.name})`).join(', ') };
}
