// Which Postgres statement node types read and which write, and their short summaries in SQL keywords.
import { isObject, objectName, rangeVarName, roleName, type AstFields } from './sql-ast.js';

/** Statements that change nothing (SelectStmt without INTO is decided by the classifier). */
export const READ_STATEMENTS: ReadonlySet<string> = new Set([
  'SelectStmt', 'VariableShowStmt', 'VariableSetStmt', 'TransactionStmt', 'DeclareCursorStmt', 'FetchStmt',
  'ClosePortalStmt', 'DeallocateStmt', 'ListenStmt', 'UnlistenStmt', 'DiscardStmt', 'ConstraintsSetStmt',
  'ReturnStmt', 'PLAssignStmt',
]);

/** Statements that change data, schema or privileges without (by themselves) removing data. */
export const WRITE_STATEMENTS: ReadonlySet<string> = new Set([
  'InsertStmt', 'CreateStmt', 'CreateTableAsStmt', 'ViewStmt', 'IndexStmt', 'CreateSeqStmt', 'AlterSeqStmt',
  'CreateSchemaStmt', 'CreateExtensionStmt', 'AlterExtensionStmt', 'AlterExtensionContentsStmt', 'CreatedbStmt',
  'AlterDatabaseStmt', 'AlterDatabaseSetStmt', 'AlterDatabaseRefreshCollStmt', 'CreateRoleStmt', 'AlterRoleStmt',
  'AlterRoleSetStmt', 'GrantStmt', 'GrantRoleStmt', 'AlterDefaultPrivilegesStmt', 'VacuumStmt', 'ReindexStmt',
  'ClusterStmt', 'CallStmt', 'RefreshMatViewStmt', 'CommentStmt', 'SecLabelStmt', 'RenameStmt',
  'AlterObjectSchemaStmt', 'AlterOwnerStmt', 'AlterObjectDependsStmt', 'RuleStmt', 'CreateTrigStmt',
  'CreateEventTrigStmt', 'AlterEventTrigStmt', 'CreatePolicyStmt', 'AlterPolicyStmt', 'CreateDomainStmt',
  'AlterDomainStmt', 'CompositeTypeStmt', 'CreateEnumStmt', 'CreateRangeStmt', 'AlterEnumStmt', 'AlterTypeStmt',
  'DefineStmt', 'CreateCastStmt', 'CreateConversionStmt', 'CreateOpClassStmt', 'CreateOpFamilyStmt',
  'AlterOpFamilyStmt', 'AlterOperatorStmt', 'CreateTransformStmt', 'CreateAmStmt', 'CreatePLangStmt',
  'CreateFdwStmt', 'AlterFdwStmt', 'CreateForeignServerStmt', 'AlterForeignServerStmt', 'CreateForeignTableStmt',
  'CreateUserMappingStmt', 'AlterUserMappingStmt', 'ImportForeignSchemaStmt', 'CreateTableSpaceStmt',
  'AlterTableSpaceOptionsStmt', 'AlterTableMoveAllStmt', 'CreateStatsStmt', 'AlterStatsStmt', 'AlterCollationStmt',
  'AlterFunctionStmt', 'CreatePublicationStmt', 'AlterPublicationStmt', 'CreateSubscriptionStmt',
  'AlterSubscriptionStmt', 'AlterTSDictionaryStmt', 'AlterTSConfigurationStmt', 'AlterSystemStmt', 'LockStmt',
  'NotifyStmt', 'CheckPointStmt', 'LoadStmt', 'ReplicaIdentityStmt', 'AlterTableCmd',
]);

// Summaries name objects, never option values: ALTER ROLE … PASSWORD '…' must not leak the password.
export function describeWrite(type: string, f: AstFields): string {
  const relation = (): string => rangeVarName(f.relation);
  switch (type) {
    case 'InsertStmt': return `INSERT INTO ${relation()}`;
    case 'CreateStmt': return `CREATE TABLE ${relation()}`;
    case 'CreateForeignTableStmt': return 'CREATE FOREIGN TABLE';
    case 'CreateTableAsStmt': {
      const into = isObject(f.into) ? rangeVarName(f.into.rel) : '?';
      return f.objtype === 'OBJECT_MATVIEW' ? `CREATE MATERIALIZED VIEW ${into}` : `CREATE TABLE ${into} AS`;
    }
    case 'ViewStmt': return `CREATE VIEW ${rangeVarName(f.view)}`;
    case 'IndexStmt': return `CREATE INDEX${typeof f.idxname === 'string' ? ` ${objectName({ String: { sval: f.idxname } })}` : ''} ON ${relation()}`;
    case 'CreateRoleStmt': return `CREATE ${f.stmt_type === 'ROLESTMT_USER' ? 'USER' : f.stmt_type === 'ROLESTMT_GROUP' ? 'GROUP' : 'ROLE'} ${objectName({ String: { sval: f.role } })}`;
    case 'AlterRoleStmt': case 'AlterRoleSetStmt': return `ALTER ROLE ${roleName(f.role)}`;
    case 'GrantStmt': return f.is_grant ? 'GRANT' : 'REVOKE';
    case 'GrantRoleStmt': return f.is_grant ? 'GRANT role' : 'REVOKE role';
    case 'VacuumStmt': return f.is_vacuumcmd ? 'VACUUM' : 'ANALYZE';
    case 'CreatedbStmt': return `CREATE DATABASE ${objectName({ String: { sval: f.dbname } })}`;
    case 'CreateSchemaStmt': return `CREATE SCHEMA${typeof f.schemaname === 'string' ? ` ${objectName({ String: { sval: f.schemaname } })}` : ''}`;
    case 'CallStmt': return 'CALL';
    case 'RuleStmt': return `CREATE RULE ${objectName({ String: { sval: f.rulename } })} ON ${relation()}`;
    case 'RenameStmt': return `ALTER ${String(f.renameType ?? '').replace(/^OBJECT_/, '').replace(/_/g, ' ')} … RENAME`;
    case 'AlterSystemStmt': return 'ALTER SYSTEM';
    default: return type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  }
}
