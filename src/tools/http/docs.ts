// The raw-HTTP family's page in docs/tools/: which requests guard reads and how it classifies them.
import type { FamilyDocs } from '../tool.js';

export const FAMILY_DOCS: FamilyDocs = {
  title: 'Raw HTTP: curl, wget, httpie',
  resolution: [
    'The request is read from the command line exactly as the program would build it: method, URL, headers, and the body from `-d`, `--data-raw`, `--data-binary`, `--json`, `@file`, `@-` (stdin), `--post-data` or httpie items; curl config files (`-K`, `~/.curlrc`) are read too.',
    'Requests to Railway\'s API host are parsed as GraphQL and classified by the Mutation fields they select (derived from Railway\'s published schema); the target is then resolved like the railway CLI\'s.',
    'Other hosts: `DELETE` is destructive, requests with a body are writes, `GET` is a read.',
  ],
  liveLookups: ['For Railway mutations, the same look-ups as the railway CLI (see railway.md); nothing is sent for other hosts.'],
  notes: ['Header credentials (`Authorization: Bearer …`, `-u user:pass`) are masked in every report and in the audit log.'],
};
