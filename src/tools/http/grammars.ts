// The argv grammars of curl, wget and httpie as tables (test/tools/http/grammars.test.ts re-checks them against `--help`).
//
// curl: `curl --help all` of curl 7.88.1 (Debian 12), plus options added up to curl 8.11 from
// https://curl.se/docs/manpage.html (marked below). curl has no `--name=value` form, accepts a
// unique prefix of a long name, `--no-NAME` for boolean options, and `--expand-NAME` (8.3+).
// wget: `wget --help` of GNU Wget 1.21.3 and https://www.gnu.org/software/wget/manual/wget.html
// (getopt_long: `--name=value`, unique prefixes, `--no-NAME` for booleans; `-nv`/`-nc`/`-nd`/
// `-nH`/`-np` are `-n` with a value).
// httpie: https://httpie.io/docs/cli (3.2) and `http --help`: argparse, `--name=value`.
import { lookup, specsFrom, type HttpOptionSpec } from './argv.js';

export const CURL_VALUED_788 =
  'abstract-unix-socket alt-svc aws-sigv4 cacert capath E|cert cert-type ciphers K|config connect-timeout connect-to C|continue-at b|cookie c|cookie-jar create-file-mode crlfile curves d|data data-ascii data-binary data-raw data-urlencode delegation dns-interface dns-ipv4-addr dns-ipv6-addr dns-servers doh-url D|dump-header egd-file engine etag-compare etag-save expect100-timeout F|form form-string ftp-account ftp-alternative-to-user ftp-method P|ftp-port ftp-ssl-ccc-mode happy-eyeballs-timeout-ms H|header hostpubmd5 hostpubsha256 hsts interface json keepalive-time key key-type krb libcurl limit-rate local-port login-options mail-auth mail-from mail-rcpt max-filesize max-redirs m|max-time netrc-file noproxy oauth2-bearer o|output output-dir parallel-max pass pinnedpubkey proto proto-default proto-redir x|proxy preproxy proxy-cacert proxy-capath proxy-cert proxy-cert-type proxy-ciphers proxy-crlfile proxy-header proxy-key proxy-key-type proxy-pass proxy-pinnedpubkey proxy-service-name proxy-tls13-ciphers proxy-tlsauthtype proxy-tlspassword proxy-tlsuser U|proxy-user proxy1.0 pubkey Q|quote random-file r|range rate e|referer X|request request-target resolve retry retry-delay retry-max-time sasl-authzid service-name socks4 socks4a socks5 socks5-gssapi-service socks5-hostname Y|speed-limit y|speed-time stderr t|telnet-option tftp-blksize z|time-cond tls-max tls13-ciphers tlsauthtype tlspassword tlsuser trace trace-ascii unix-socket T|upload-file url url-query u|user A|user-agent w|write-out';
export const CURL_FLAGS_788 =
  'anyauth a|append basic cert-status compressed compressed-ssh create-dirs crlf digest q|disable disable-eprt disable-epsv disallow-username-in-url doh-cert-status doh-insecure f|fail fail-early fail-with-body false-start form-escape ftp-create-dirs ftp-pasv ftp-pret ftp-skip-pasv-ip ftp-ssl-ccc ftp-ssl-control G|get g|globoff haproxy-protocol h|help I|head http0.9 0|http1.0 http1.1 http2 http2-prior-knowledge http3 http3-only ignore-content-length i|include k|insecure 4|ipv4 6|ipv6 j|junk-session-cookies l|list-only L|location location-trusted mail-rcpt-allowfails M|manual metalink negotiate n|netrc netrc-optional :|next no-alpn N|no-buffer no-clobber no-keepalive no-npn no-progress-meter no-sessionid ntlm ntlm-wb Z|parallel parallel-immediate path-as-is post301 post302 post303 #|progress-bar proxy-anyauth proxy-basic proxy-digest proxy-insecure proxy-negotiate proxy-ntlm proxy-ssl-allow-beast proxy-ssl-auto-client-cert proxy-tlsv1 p|proxytunnel raw J|remote-header-name O|remote-name remote-name-all R|remote-time remove-on-error retry-all-errors retry-connrefused sasl-ir S|show-error s|silent socks5-basic socks5-gssapi socks5-gssapi-nec ssl ssl-allow-beast ssl-auto-client-cert ssl-no-revoke ssl-reqd ssl-revoke-best-effort 2|sslv2 3|sslv3 styled-output suppress-connect-headers tcp-fastopen tcp-nodelay tftp-no-options 1|tlsv1 tlsv1.0 tlsv1.1 tlsv1.2 tlsv1.3 tr-encoding trace-time B|use-ascii v|verbose V|version xattr';
/** Added after 7.88 (curl.se manpage): --variable 8.3, --ip-tos/--vlan-priority/--mptcp 8.9, --ech 8.8 … */
const CURL_VALUED_NEWER = 'variable ip-tos vlan-priority ech upload-flags knownhosts sigalgs trace-config ssl-sessions';
const CURL_FLAGS_NEWER = 'ca-native proxy-ca-native mptcp follow out-null skip-existing trace-ids tls-earlydata proxy-http2';

export const CURL_OPTIONS: readonly HttpOptionSpec[] = specsFrom(
  `${CURL_VALUED_788} ${CURL_VALUED_NEWER}`,
  `${CURL_FLAGS_788} ${CURL_FLAGS_NEWER}`,
  ['help', 'version', 'manual'],
);
export const CURL = lookup(CURL_OPTIONS);

export const WGET_VALUED_1213 =
  'e|execute o|output-file a|append-output report-speed i|input-file B|base config rejected-log t|tries retry-on-http-error O|output-document start-pos progress T|timeout dns-timeout connect-timeout read-timeout w|wait waitretry Q|quota bind-address limit-rate restrict-file-names prefer-family user password use-askpass local-encoding remote-encoding P|directory-prefix cut-dirs http-user http-password default-page header compression proxy-user proxy-password referer U|user-agent load-cookies save-cookies post-data post-file method body-data body-file secure-protocol certificate certificate-type private-key private-key-type ca-certificate ca-directory crl-file pinnedpubkey ciphers ftp-user ftp-password warc-file warc-header warc-max-size warc-dedup warc-tempdir l|level backups A|accept R|reject accept-regex reject-regex regex-type D|domains exclude-domains follow-tags ignore-tags I|include-directories X|exclude-directories max-redirect hsts-file n|no';
export const WGET_FLAGS_1213 =
  'V|version h|help b|background d|debug q|quiet v|verbose F|force-html no-config retry-connrefused no-netrc c|continue show-progress N|timestamping no-if-modified-since no-use-server-timestamps S|server-response spider random-wait no-proxy no-dns-cache ignore-case 4|inet4-only 6|inet6-only ask-password no-iri unlink xattr x|force-directories protocol-directories no-cache E|adjust-extension ignore-length save-headers no-http-keep-alive no-cookies keep-session-cookies content-disposition content-on-error auth-no-challenge https-only no-check-certificate no-hsts no-remove-listing no-glob no-passive-ftp preserve-permissions retr-symlinks ftps-implicit ftps-resume-ssl ftps-clear-data-connection ftps-fallback-to-ftp warc-cdx no-warc-compression no-warc-digests no-warc-keep-log r|recursive delete-after k|convert-links convert-file-only K|backup-converted m|mirror p|page-requisites strict-comments follow-ftp H|span-hosts L|relative trust-server-names no-verbose no-clobber no-directories no-host-directories no-parent';

export const WGET_OPTIONS: readonly HttpOptionSpec[] = specsFrom(WGET_VALUED_1213, WGET_FLAGS_1213, ['help', 'version']);
export const WGET = lookup(WGET_OPTIONS);

// httpie 3.2 (`http --help`): valued and flag options; `--raw` carries the body itself.
export const HTTPIE_VALUED =
  'raw boundary format-options p|print P|history-print o|output session session-read-only a|auth A|auth-type max-redirects timeout verify ssl ciphers cert cert-key cert-key-pass proxy default-scheme pretty s|style response-charset response-mime max-headers';
export const HTTPIE_FLAGS =
  'j|json f|form multipart x|compress h|headers b|body m|meta v|verbose all S|stream d|download c|continue q|quiet F|follow check-status path-as-is chunked ignore-netrc offline I|ignore-stdin sorted unsorted debug traceback help version manual';

export const HTTPIE_OPTIONS: readonly HttpOptionSpec[] = specsFrom(HTTPIE_VALUED, HTTPIE_FLAGS, ['help', 'version', 'manual']);
export const HTTPIE = lookup(HTTPIE_OPTIONS);
