// How the docker client's own --help is read for its grammar table (shared by the generator and the freshness test).
import { pflagHelpReader, type HelpReader } from '../../support/pflag-help.js';

export const DOCKER_HELP = (): HelpReader => pflagHelpReader('docker', { versionArgs: ['--version'] });
