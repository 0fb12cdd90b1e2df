import { guidFrom, type SimGroup, type SimTenant, type SimUser } from './m365-sim-state.js';

/** Directory objects a user belongs to: direct only (memberOf) or through nested groups too. */
export function membershipsOf(tenant: SimTenant, user: SimUser, transitive: boolean): Record<string, unknown>[] {
  const direct = [...tenant.groups.values()].filter((g) => g.members.has(user.id));
  const groups = new Map<string, SimGroup>(direct.map((g) => [g.id, g]));
  if (transitive) {
    for (let grew = true; grew; ) {
      grew = false;
      for (const g of tenant.groups.values()) {
        if (!groups.has(g.id) && [...groups.keys()].some((id) => g.members.has(id))) {
          groups.set(g.id, g);
          grew = true;
        }
      }
    }
  }
  // Roles held directly always show; roles granted to a role-assignable group only through it.
  const roleNames = new Set(user.directoryRoles);
  if (transitive) for (const g of groups.values()) for (const r of g.directoryRoles) roleNames.add(r);
  const roles = [...roleNames].map((name) => ({ '@odata.type': '#microsoft.graph.directoryRole', id: guidFrom(`role:${tenant.tenantId}:${name}`), displayName: name, roleTemplateId: guidFrom(`template:${name}`) }));
  return [...roles, ...[...groups.values()].map(groupJson)];
}

export function groupJson(g: SimGroup): Record<string, unknown> {
  const dl = g.kind === 'distribution';
  return { '@odata.type': '#microsoft.graph.group', id: g.id, displayName: g.displayName, mail: g.mail, mailNickname: g.mailNickname, mailEnabled: dl, securityEnabled: !dl, groupTypes: [], isAssignableToRole: g.isAssignableToRole };
}

/** True when the user is in the group directly or through nested groups (checkMemberGroups is transitive). */
export function isTransitiveMember(tenant: SimTenant, user: SimUser, groupId: string): boolean {
  return membershipsOf(tenant, user, true).some((o) => o.id === groupId);
}

/**
 * One page of a directory-object listing as Graph pages it: `pageSize` rows and an absolute
 * @odata.nextLink carrying an opaque $skiptoken (a client must follow the link, not build it).
 */
export function pageOf(requestUrl: string, rows: Record<string, unknown>[], pageSize: number, context: string): Record<string, unknown> | null {
  const url = new URL(requestUrl);
  const token = url.searchParams.get('$skiptoken');
  const skip = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString().replace(/^skip:/, ''));
  if (!Number.isInteger(skip) || skip < 0) return null;
  const body: Record<string, unknown> = { '@odata.context': context, value: rows.slice(skip, skip + pageSize) };
  if (skip + pageSize < rows.length) {
    const next = new URL(url);
    next.searchParams.set('$skiptoken', Buffer.from(`skip:${skip + pageSize}`).toString('base64url'));
    body['@odata.nextLink'] = next.toString();
  }
  return body;
}
