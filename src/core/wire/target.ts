// A probe target as an administrator writes it: host or host:port (default 3389), an IPv6 address in
// brackets when it has a port. Anything else is refused with the reason, never guessed at.
export const RDP_DEFAULT_PORT = 3389;

export interface ProbeTargetAddress {
  readonly target: string;
  readonly host: string;
  readonly port: number;
}

export type TargetParse =
  { readonly ok: true; readonly value: ProbeTargetAddress } | { readonly ok: false; readonly reason: string };

const HOST_LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_CHARS = /^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?$/;

function portOf(text: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `port "${text}" is not a number`;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : `port ${n} is outside 1–65535`;
}

function validIpv6(text: string): boolean {
  const addr = text.split('%')[0] ?? '';
  if (!IPV6_CHARS.test(text) || !addr.includes(':')) return false;
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  const last = groups.at(-1);
  const v4Tail = last !== undefined && last.includes('.');
  if (v4Tail && !IPV4.test(last)) return false;
  const hexGroups = v4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = hexGroups.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

function validHostName(text: string): boolean {
  if (text.length > 253) return false;
  const labels = text.replace(/\.$/, '').split('.');
  // All digits and dots but not an IPv4 address (300.1.1.1, 10.1): a typo, not a name.
  if (labels.every((l) => /^\d+$/.test(l))) return IPV4.test(text);
  return labels.every((l) => HOST_LABEL.test(l));
}

export function parseTarget(raw: string): TargetParse {
  const target = raw.trim();
  const fail = (reason: string): TargetParse => ({ ok: false, reason: `"${raw}": ${reason}` });
  if (target === '') return fail('empty target');
  let host: string;
  let port = RDP_DEFAULT_PORT;
  if (target.startsWith('[')) {
    const close = target.indexOf(']');
    if (close < 0) return fail('"[" without "]" (write an IPv6 address as [2001:db8::1]:3389)');
    host = target.slice(1, close);
    const after = target.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return fail(`unexpected "${after}" after "]"`);
      const p = portOf(after.slice(1));
      if (typeof p === 'string') return fail(p);
      port = p;
    }
    if (!validIpv6(host)) return fail(`"${host}" in brackets is not an IPv6 address`);
  } else if ((target.match(/:/g) ?? []).length > 1) {
    // Several colons and no brackets: an IPv6 address without a port.
    if (!validIpv6(target))
      return fail('not an IPv6 address (with a port, write it in brackets: [2001:db8::1]:3389)');
    host = target;
  } else {
    const colon = target.indexOf(':');
    host = colon < 0 ? target : target.slice(0, colon);
    if (colon >= 0) {
      const p = portOf(target.slice(colon + 1));
      if (typeof p === 'string') return fail(p);
      port = p;
    }
    if (!validHostName(host)) return fail(`"${host}" is not a host name or an IPv4 address`);
  }
  return { ok: true, value: { target, host, port } };
}

/**
 * The lines of a --hosts file: one target a line; blank lines and `#` comments are skipped. Each bad
 * line is named by its number.
 */
export function parseHostsFile(text: string): { targets: ProbeTargetAddress[]; problems: string[] } {
  const targets: ProbeTargetAddress[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const content = line.replace(/#.*$/, '').trim();
    if (content === '') return;
    const t = parseTarget(content);
    if (t.ok) targets.push(t.value);
    else problems.push(`line ${i + 1}: ${t.reason}`);
  });
  return { targets, problems };
}
