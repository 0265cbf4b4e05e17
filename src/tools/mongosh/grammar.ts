// mongosh's command line (mongosh --help, 2.12.0): the connection, the code it runs (--eval, -f, files), and what only prints.

export interface MongoshInvocation {
  readonly info: boolean;
  /** The db address operand: `app`, `host:27017/app`, `mongodb://…`. */
  readonly address: string | null;
  readonly host: string | null;
  readonly port: string | null;
  readonly evals: readonly string[];
  readonly files: readonly string[];
  readonly norc: boolean;
  readonly nodb: boolean;
  readonly shell: boolean;
  readonly problems: readonly string[];
  /** The argv as reports may show it: --password values masked. */
  readonly display: readonly string[];
}

export const VALUE_OPTIONS = new Set([
  'file', 'host', 'port', 'eval', 'username', 'password', 'authenticationDatabase', 'authenticationMechanism', 'awsIamSessionToken', 'gssapiServiceName', 'sspiHostnameCanonicalization', 'sspiRealmOverride',
  'tlsCertificateKeyFile', 'tlsCertificateKeyFilePassword', 'tlsCAFile', 'tlsCertificateSelector', 'tlsCRLFile', 'tlsDisabledProtocols', 'apiVersion', 'awsAccessKeyId', 'awsSecretAccessKey', 'awsSessionToken', 'keyVaultNamespace', 'kmsURL',
  'cryptSharedLibPath', 'csfleLibraryPath', 'browser', 'gssapiHostName', 'sslPEMKeyFile', 'sslPEMKeyPassword', 'sslCAFile', 'sslCRLFile',
]);
export const FLAG_OPTIONS = new Set(['quiet', 'shell', 'nodb', 'norc', 'tls', 'tlsAllowInvalidHostnames', 'tlsAllowInvalidCertificates', 'tlsFIPSMode', 'tlsUseSystemCA', 'apiStrict', 'apiDeprecationErrors', 'oidcTrustedEndpoint', 'oidcIdTokenAsAccessToken', 'oidcNoNonce', 'ssl', 'sslAllowInvalidHostnames', 'sslAllowInvalidCertificates', 'verbose', 'exposeAsyncRewriter', 'skipStartupWarnings']);
/** Flags that take an optional `=value` only. */
export const OPTIONAL_VALUE = new Set(['json', 'retryWrites', 'deep-inspect', 'oidcFlows', 'oidcRedirectUri', 'oidcDumpTokens']);
const SECRET_OPTIONS = new Set(['password', 'p', 'tlsCertificateKeyFilePassword', 'awsSecretAccessKey', 'awsSessionToken', 'awsIamSessionToken', 'sslPEMKeyPassword']);
const INFO = new Set(['--help', '-h', '--version', '--build-info']);

export function parseMongoshArgv(args: readonly string[]): MongoshInvocation {
  let address: string | null = null;
  let host: string | null = null;
  let port: string | null = null;
  const evals: string[] = [];
  const files: string[] = [];
  const problems: string[] = [];
  const display: string[] = ['mongosh'];
  const flags = new Set<string>();
  let info = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    display.push(arg);
    if (INFO.has(arg)) info = true;
    if (arg === '--') {
      for (const rest of args.slice(i + 1)) {
        display.push(rest);
        if (isScript(rest)) files.push(rest);
        else address ??= rest;
      }
      break;
    }
    if (arg.startsWith('-') && arg !== '-') {
      const long = arg.startsWith('--');
      const eq = arg.indexOf('=');
      let name = arg.slice(long ? 2 : 1, eq >= 0 ? eq : undefined);
      if (!long) name = { f: 'file', u: 'username', p: 'password', h: 'help' }[name] ?? name;
      if (name === 'help' || name === 'version' || name === 'build-info') continue;
      if (FLAG_OPTIONS.has(name) || OPTIONAL_VALUE.has(name)) {
        flags.add(name);
        continue;
      }
      if (!VALUE_OPTIONS.has(name)) {
        problems.push(`mongosh: unknown option ${arg}`);
        continue;
      }
      let value: string | undefined;
      if (eq >= 0) {
        value = arg.slice(eq + 1);
        if (SECRET_OPTIONS.has(name)) display[display.length - 1] = `${arg.slice(0, eq + 1)}***`;
      } else if (name === 'password' && (args[i + 1] === undefined || (args[i + 1] as string).startsWith('-'))) {
        // `-p` alone: mongosh prompts for the password.
        continue;
      } else {
        value = args[++i];
        if (value === undefined) {
          problems.push(`mongosh: ${arg} needs a value`);
          continue;
        }
        display.push(SECRET_OPTIONS.has(name) ? '***' : value);
      }
      if (name === 'eval') evals.push(value);
      else if (name === 'file') files.push(value);
      else if (name === 'host') host = value;
      else if (name === 'port') port = value;
      continue;
    }
    if (isScript(arg)) files.push(arg);
    else if (address === null) address = arg;
    else files.push(arg);
  }
  return { info, address, host, port, evals, files, norc: flags.has('norc'), nodb: flags.has('nodb'), shell: flags.has('shell'), problems, display };
}

/** mongosh takes operands ending in .js or .mongodb as files to run. */
function isScript(arg: string): boolean {
  return arg.endsWith('.js') || arg.endsWith('.mongodb');
}
