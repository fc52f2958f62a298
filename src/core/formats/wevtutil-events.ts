// `wevtutil qe System /q:"…TermDD…EventID=50…" /f:xml` prints <Event> elements back to back with no
// root element; with /e:NAME they sit in <NAME></NAME> (wevtutil docs), and Event Viewer's "Save as
// XML" and PowerShell scripts that join ToXml() output use an <Events> root. The text is wrapped in
// one more root before parsing, so every shape parses alike. TermDD event 50's second Data element
// names the protocol component; "DATA ENCRYPTION" is the FIPS symptom.
import type { TermDdEvent, TermDdEvidence } from '../evidence';
import { InvalidEvidence } from './invalid-evidence';
import { childNS, childrenNS, descendantsNS, parseSafeXml, textOf, type XmlDocument } from './safe-xml';

export const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

export function looksLikeWevtutilXml(text: string): boolean {
  const head = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/, '')
    .trimStart();
  // No root, a bare /e:NAME root, or an <Events> root with attributes (a namespace declaration).
  return (
    (/^<Event[\s>]/.test(head) ||
      /^<\w+>\s*<Event[\s>]/.test(head) ||
      /^<Events[\s>][^<]*<Event[\s>]/.test(head)) &&
    text.includes(EVENT_NS)
  );
}

/** The events as one document: wrapped in a root of FipsFix's own, so every shape parses alike. */
export function wevtutilDocument(file: string, text: string): XmlDocument {
  const body = text.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>/, '');
  return parseSafeXml(file, '<FipsFixEvents>', body, '</FipsFixEvents>');
}

/** From the export's text, or from its document when the folder reader has parsed it already. */
export function parseWevtutilEvents(file: string, source: string | XmlDocument): TermDdEvidence {
  const doc = typeof source === 'string' ? wevtutilDocument(file, source) : source;
  const root = doc.documentElement;
  if (!root) throw new InvalidEvidence(file, 'no events');
  const all = descendantsNS(root, EVENT_NS, 'Event');
  if (all.length === 0) throw new InvalidEvidence(file, `no <Event> elements in the ${EVENT_NS} namespace`);
  const events: TermDdEvent[] = [];
  for (const ev of all) {
    const sys = childNS(ev, EVENT_NS, 'System');
    if (!sys) throw new InvalidEvidence(file, 'an <Event> without its <System> part');
    const provider = childNS(sys, EVENT_NS, 'Provider')?.getAttribute('Name') ?? '';
    const eventId = textOf(childNS(sys, EVENT_NS, 'EventID'));
    if (!/^(Microsoft-Windows-)?TermDD$/i.test(provider) || eventId !== '50') continue;
    const time = childNS(sys, EVENT_NS, 'TimeCreated')?.getAttribute('SystemTime') ?? '';
    if (!time || Number.isNaN(Date.parse(time)))
      throw new InvalidEvidence(file, 'a TermDD event 50 without a valid TimeCreated');
    const dataEl = childNS(ev, EVENT_NS, 'EventData');
    const data = dataEl ? childrenNS(dataEl, EVENT_NS, 'Data').map((d) => textOf(d) ?? '') : [];
    const recordText = textOf(childNS(sys, EVENT_NS, 'EventRecordID'));
    const computer = textOf(childNS(sys, EVENT_NS, 'Computer'));
    events.push({
      time,
      component: data[1] ?? '',
      ...(recordText && /^\d+$/.test(recordText) ? { recordId: Number(recordText) } : {}),
      ...(computer ? { computer } : {}),
    });
  }
  return {
    events,
    origin: {
      file,
      format: 'wevtutil-xml',
      location: `${all.length} events, ${events.length} from TermDD with ID 50`,
    },
  };
}
