// Live look-up of a role: what it owns, who inherits through it, and who is logged in as it.
import type { InspectedObject, InspectRequest } from './model.js';
import { countOf, identifierCandidates, nameList, type LookupContext } from './inspect-session.js';

type RoleRequest = Extract<InspectRequest, { kind: 'role' }>;

const SESSION_ROLE_KEYWORDS: Readonly<Record<string, string>> = {
  CURRENT_USER: 'current_user',
  CURRENT_ROLE: 'current_role',
  SESSION_USER: 'session_user',
};

interface RoleRow {
  oid: string;
  name: string;
  can_login: boolean;
  superuser: boolean;
  bootstrap: boolean;
}

interface OwnershipRow {
  database: string;
  is_current: boolean;
  owned: string;
  privileges: string;
}

export async function inspectRole(context: LookupContext, request: RoleRequest): Promise<InspectedObject> {
  const { session } = context;
  let role: RoleRow | undefined;
  // `DROP OWNED BY CURRENT_USER` and friends name a role by keyword; the server knows which.
  const keyword = SESSION_ROLE_KEYWORDS[request.name.toUpperCase()];
  const candidates = keyword === undefined ? identifierCandidates(request.name) : [undefined];
  for (const candidate of candidates) {
    [role] = await session.query<RoleRow>(
      `SELECT oid::text AS oid, rolname AS name, rolcanlogin AS can_login, rolsuper AS superuser,
              oid = 10 AS bootstrap
         FROM pg_roles WHERE rolname = ${keyword ?? '$1'}`,
      keyword === undefined ? [candidate] : [],
    );
    if (role !== undefined) break;
  }
  if (role === undefined) {
    return { request, exists: false, id: request.name, facts: [`role ${request.name} does not exist`] };
  }
  const facts: string[] = [role.can_login ? 'can log in' : 'cannot log in (a group role)'];
  if (role.superuser) facts.push('superuser');
  if (role.bootstrap) facts.push('it is the bootstrap superuser, which DROP ROLE refuses to drop');

  const databases = await session.query<{ name: string }>(
    'SELECT datname AS name FROM pg_database WHERE datdba = $1::oid ORDER BY 1',
    [role.oid],
  );
  if (databases.length > 0) {
    facts.push(`owns ${countOf(databases.length, 'database')}: ${nameList(databases.map((db) => db.name))}`);
  }
  // pg_shdepend is shared by the whole cluster, so it answers for every database at once.
  const ownership = await session.query<OwnershipRow>(
    `SELECT d.datname AS database, d.datname = current_database() AS is_current,
            count(*) FILTER (WHERE s.deptype = 'o') AS owned,
            count(*) FILTER (WHERE s.deptype = 'a') AS privileges
       FROM pg_shdepend s JOIN pg_database d ON d.oid = s.dbid
      WHERE s.refclassid = 'pg_authid'::regclass AND s.refobjid = $1::oid
      GROUP BY d.datname ORDER BY 2 DESC, 1`,
    [role.oid],
  );
  const current = ownership.find((row) => row.is_current);
  const ownedHere = Number(current?.owned ?? 0);
  if (ownedHere > 0) {
    const relations = await session.query<{ id: string }>(
      `SELECT n.nspname || '.' || c.relname AS id FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relowner = $1::oid AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND NOT c.relispartition
        ORDER BY 1`,
      [role.oid],
    );
    const names = nameList(relations.map((relation) => relation.id));
    const named = relations.length === 0 ? '' : relations.length === ownedHere ? `: ${names}` : `, among them ${names}`;
    facts.push(`owns ${countOf(ownedHere, 'object')} in ${current?.database}${named}`);
  }
  const privilegesHere = Number(current?.privileges ?? 0);
  if (privilegesHere > 0) facts.push(`holds privileges on ${countOf(privilegesHere, 'object')} in ${current?.database}`);
  const elsewhere = ownership.filter((row) => !row.is_current && Number(row.owned) + Number(row.privileges) > 0);
  if (elsewhere.length > 0) {
    const parts = elsewhere.map((row) => `${row.database} (${countOf(Number(row.owned) + Number(row.privileges), 'object')})`);
    facts.push(`owns objects or holds privileges in other databases: ${parts.join(', ')}`);
  }
  if (databases.length + ownedHere + privilegesHere + elsewhere.length > 0) {
    facts.push('DROP ROLE fails while it owns objects or holds privileges (REASSIGN OWNED and DROP OWNED come first)');
  }

  const memberOf = await session.query<{ name: string }>(
    `SELECT g.rolname AS name FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
      WHERE m.member = $1::oid ORDER BY 1`,
    [role.oid],
  );
  if (memberOf.length > 0) facts.push(`member of ${nameList(memberOf.map((row) => row.name))}`);
  const members = await session.query<{ name: string }>(
    `SELECT u.rolname AS name FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member
      WHERE m.roleid = $1::oid ORDER BY 1`,
    [role.oid],
  );
  if (members.length > 0) {
    facts.push(`${countOf(members.length, 'role')} ${members.length === 1 ? 'is a member' : 'are members'}: ${nameList(members.map((row) => row.name))}`);
  }
  const [activity] = await session.query<{ sessions: string }>(
    'SELECT count(*) AS sessions FROM pg_stat_activity WHERE usesysid = $1::oid AND pid <> pg_backend_pid()',
    [role.oid],
  );
  const sessions = Number(activity?.sessions ?? 0);
  facts.push(sessions === 0 ? 'no open sessions' : countOf(sessions, 'open session'));
  return { request, exists: true, id: role.name, facts };
}
