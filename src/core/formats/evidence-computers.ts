// Which computer each file of an evidence folder names, and the refusal of a folder whose files name
// more than one. Evidence from two servers combined into one verdict could blame one server's GPO
// for the other's listener, so such a folder is never read: the administrator splits it per server.
// There is deliberately no "keep only one computer's files": reg exports, secedit exports and
// Registry.pol name no computer, so in a mixed folder nothing says which server they came from.
import { GP_NS, looksLikeGpresultXml } from './gpresult-xml';
import { InvalidEvidence } from './invalid-evidence';
import { looksLikeRsopJson, parseRsopJson, type RsopExport } from './rsop-json';
import { childNS, descendantsNS, parseSafeXml, textOf, type XmlDocument } from './safe-xml';
import { sniffedText, tryDecodeText } from './text-encoding';
import { visible } from '../visible-text';
import { EVENT_NS, looksLikeWevtutilXml, wevtutilDocument } from './wevtutil-events';

/** One file's word on which computer it came from, as the file writes the name. */
export interface ComputerNaming {
  readonly file: string;
  /** The name as written: `FABRIKAM\APP-TS02$`, `app-ts02.fabrikam.local`, `APP-TS02`. */
  readonly computer: string;
  readonly source: 'gpresult' | 'events' | 'rsop' | 'manifest';
  /** Events only: when the last event naming this computer was logged. */
  readonly lastLogged?: string;
}

/** NetBIOS names are at most 15 characters (MAX_COMPUTERNAME_LENGTH). */
const NETBIOS_MAX = 15;

interface ComputerIdentity {
  /** The host name or NetBIOS name, upper case: `APP-TS02`. */
  readonly host: string;
  /** The DNS domain of a fully qualified name, upper case: `FABRIKAM.LOCAL`. */
  readonly dnsDomain?: string;
  /** The NetBIOS domain of gpresult's `DOMAIN\NAME$`, upper case: `FABRIKAM`. */
  readonly netbiosDomain?: string;
}

function identityOf(name: string): ComputerIdentity {
  const slash = name.lastIndexOf('\\');
  const netbiosDomain = slash >= 0 ? name.slice(0, slash).toUpperCase() : undefined;
  const bare = name.slice(slash + 1).replace(/\$$/, '');
  const dot = bare.indexOf('.');
  const host = (dot >= 0 ? bare.slice(0, dot) : bare).toUpperCase();
  const dnsDomain = dot >= 0 ? bare.slice(dot + 1).toUpperCase() : undefined;
  return { host, ...(dnsDomain ? { dnsDomain } : {}), ...(netbiosDomain ? { netbiosDomain } : {}) };
}

/**
 * Whether two names, as Windows writes them in different files, are one computer. Names are not case
 * sensitive. gpresult writes `DOMAIN\NAME$`, events the fully qualified DNS name, rsop.json and the
 * manifest the bare name: a FQDN and its first label are the same machine (APP-TS02 and
 * app-ts02.fabrikam.local), but two FQDNs in different DNS domains, or two `DOMAIN\` names in
 * different NetBIOS domains, are not. A NetBIOS name of exactly 15 characters is also the same
 * machine as a longer host name it starts: Windows sets the NetBIOS name to the DNS host name cut
 * to 15 characters (learn.microsoft.com, "Computer Names").
 */
export function sameComputer(a: string, b: string): boolean {
  const x = identityOf(a);
  const y = identityOf(b);
  if (x.dnsDomain && y.dnsDomain && x.dnsDomain !== y.dnsDomain) return false;
  if (x.netbiosDomain && y.netbiosDomain && x.netbiosDomain !== y.netbiosDomain) return false;
  if (x.host === y.host) return true;
  const [short, long] = x.host.length <= y.host.length ? [x.host, y.host] : [y.host, x.host];
  return short.length === NETBIOS_MAX && long.startsWith(short);
}

/** The name shown for a computer: the host part, as the file spells it. */
function shortName(name: string): string {
  return name
    .slice(name.lastIndexOf('\\') + 1)
    .replace(/\$$/, '')
    .split('.')[0] as string;
}

function gpresultComputer(doc: XmlDocument): string | undefined {
  const root = doc.documentElement;
  if (!root || root.localName !== 'Rsop' || root.namespaceURI !== GP_NS.rsop) return undefined;
  // UserResults/Name is the user who ran gpresult, not a computer: only ComputerResults names one.
  const computer = childNS(root, GP_NS.rsop, 'ComputerResults');
  return computer ? textOf(childNS(computer, GP_NS.rsop, 'Name')) || undefined : undefined;
}

/** Every computer the events name, with the last time each was logged (an event keeps its own name). */
function eventComputers(doc: XmlDocument): Map<string, string> {
  const root = doc.documentElement;
  const out = new Map<string, string>();
  if (!root) return out;
  for (const ev of descendantsNS(root, EVENT_NS, 'Event')) {
    const sys = childNS(ev, EVENT_NS, 'System');
    const computer = sys ? textOf(childNS(sys, EVENT_NS, 'Computer')) : undefined;
    if (!sys || !computer) continue;
    const time = childNS(sys, EVENT_NS, 'TimeCreated')?.getAttribute('SystemTime') ?? '';
    const earlier = out.get(computer);
    if (earlier === undefined || time > earlier) out.set(computer, time);
  }
  return out;
}

/**
 * What each file says about its computer: gpresult's ComputerResults/Name, every event's Computer,
 * rsop.json's computerName, the manifest's machine. A file that cannot be read here names nothing;
 * reading the folder refuses it afterwards, with its own message.
 */
export function computersNamedBy(
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
  manifest?: { readonly file: string; readonly machine: string },
  /** The file's XML document (the folder reader parses each file once, for this and its parser). */
  documentOf: (file: string, text: () => string, kind: 'gpresult' | 'events') => XmlDocument = (
    file,
    text,
    kind,
  ) => (kind === 'events' ? wevtutilDocument(file, text()) : parseSafeXml(file, text())),
  /** The file's RSoP export, likewise parsed once by the folder reader. */
  rsopOf: (file: string, bytes: Uint8Array) => RsopExport = parseRsopJson,
): ComputerNaming[] {
  const out: ComputerNaming[] = manifest
    ? [{ file: manifest.file, computer: manifest.machine, source: 'manifest' }]
    : [];
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    // Recognised from the file's first part; only a file of one of these formats is decoded whole.
    const sniffed = sniffedText(f.bytes);
    if ('problem' in sniffed) continue;
    const head = sniffed.text;
    const whole = (): string => {
      const d = tryDecodeText(f.bytes);
      if ('problem' in d) throw new InvalidEvidence(f.name, d.problem);
      return d.text;
    };
    try {
      if (looksLikeWevtutilXml(head)) {
        for (const [computer, lastLogged] of eventComputers(documentOf(f.name, whole, 'events')))
          out.push({ file: f.name, computer, source: 'events', ...(lastLogged ? { lastLogged } : {}) });
      } else if (looksLikeGpresultXml(head)) {
        const computer = gpresultComputer(documentOf(f.name, whole, 'gpresult'));
        if (computer) out.push({ file: f.name, computer, source: 'gpresult' });
      } else if (looksLikeRsopJson(head)) {
        out.push({ file: f.name, computer: rsopOf(f.name, f.bytes).machineName, source: 'rsop' });
      }
    } catch (e) {
      if (!(e instanceof InvalidEvidence)) throw e;
    }
  }
  return out;
}

const SOURCE_WORDS: Readonly<Record<ComputerNaming['source'], string>> = {
  gpresult: "gpresult's computer",
  events: 'events logged by',
  rsop: "rsop.json's computerName",
  manifest: 'collected on',
};

/** gpresult and RSoP name the computer policy applied to; they come first when a name is shown. */
const NAME_PRIORITY: readonly ComputerNaming['source'][] = ['gpresult', 'rsop', 'manifest', 'events'];

/**
 * The one computer the folder's files name, for the diagnosis to show (undefined when none names
 * one). Throws InvalidEvidence, naming every computer and the files that name it, when they name
 * more than one.
 */
export function oneComputer(namings: readonly ComputerNaming[]): { readonly name?: string } {
  const groups: ComputerNaming[][] = [];
  for (const n of namings) {
    const group = groups.find((g) => g.some((m) => sameComputer(m.computer, n.computer)));
    if (group) group.push(n);
    else groups.push([n]);
  }
  // Names and files come from the evidence: escaped, so none can add a line to this message.
  const nameOf = (g: readonly ComputerNaming[]): string => visible(bestName(g));
  const bestName = (g: readonly ComputerNaming[]): string => {
    const best = [...g].sort(
      (a, b) => NAME_PRIORITY.indexOf(a.source) - NAME_PRIORITY.indexOf(b.source),
    )[0] as ComputerNaming;
    return shortName(best.computer);
  };
  const first = groups[0];
  if (!first) return {};
  if (groups.length === 1) return { name: bestName(first) };

  const lines = groups.map(
    (g) =>
      `  ${nameOf(g)}: ${g.map((n) => `${visible(n.file)} (${SOURCE_WORDS[n.source]} ${visible(n.computer)})`).join(', ')}`,
  );
  // Each event record keeps the name its computer had when it was logged: after a rename the old
  // events name the old computer. FipsFix cannot tell a rename from another server, so it refuses
  // both, and says how to tell them apart.
  const renames = groups
    .filter((g) => g.every((n) => n.source === 'events'))
    .flatMap((g) => {
      const others = groups
        .filter((o) => o !== g)
        .map(nameOf)
        .join(' or ');
      const last = g
        .map((n) => n.lastLogged ?? '')
        .sort()
        .pop();
      const files = [...new Set(g.map((n) => visible(n.file)))];
      const since = last ? Date.parse(last) : NaN;
      return [
        `If ${nameOf(g)} is an earlier name of ${others} (an event keeps the name its computer had when it was logged), ` +
          `export the events again from after the rename${last ? ` (the last event naming ${nameOf(g)} was logged at ${visible(last)})` : ''}, or remove ${files.join(', ')}.`,
        // The documented TermDD query with the time filter Event Viewer's custom views write; a
        // millisecond later than the last old event, since SystemTime has finer steps than that.
        ...(Number.isNaN(since)
          ? []
          : [
              `  wevtutil qe System /q:"*[System[Provider[@Name='TermDD'] and (EventID=50) and TimeCreated[@SystemTime>='${new Date(since + 1).toISOString()}']]]" /f:xml /c:50 /rd:true > ${files.length === 1 ? files[0] : 'termdd-events.xml'}`,
            ]),
      ];
    });
  throw new InvalidEvidence(
    'evidence folder',
    [
      `its files name ${groups.length} different computers, and FipsFix never combines two servers' evidence into one verdict:`,
      ...lines,
      "Put each server's files in a folder of its own and diagnose each folder.",
      ...renames,
    ].join('\n'),
  );
}
