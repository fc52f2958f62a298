// XML from a server is parsed without a DTD: any DOCTYPE or ENTITY declaration is refused before
// parsing, so nothing is expanded and nothing is fetched. Elements are matched by namespace URI,
// because gpresult's prefixes (q1, q3, …) change with extension order.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { InvalidEvidence } from './invalid-evidence';

export function parseSafeXml(file: string, text: string): Document {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new InvalidEvidence(
      file,
      'XML that declares a DOCTYPE or entities; Windows exports never do, and FipsFix does not expand them',
    );
  }
  const problems: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problems.push(message.split('\n')[0] ?? message);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (e) {
    const message = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    throw new InvalidEvidence(file, `not well-formed XML: ${message}`);
  }
  if (problems.length > 0) throw new InvalidEvidence(file, `not well-formed XML: ${problems[0]}`);
  if (!doc.documentElement) throw new InvalidEvidence(file, 'XML without a root element');
  return doc;
}

/** Direct children with this namespace and local name. */
export function childrenNS(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) {
      const e = n as Element;
      if (e.namespaceURI === ns && e.localName === localName) out.push(e);
    }
  }
  return out;
}

export function childNS(parent: Element, ns: string, localName: string): Element | undefined {
  return childrenNS(parent, ns, localName)[0];
}

export function textOf(e: Element | undefined): string | undefined {
  const t = e?.textContent;
  return t === null || t === undefined ? undefined : t.trim();
}

/** All descendants with this namespace and local name, in document order. */
export function descendantsNS(root: Element, ns: string, localName: string): Element[] {
  const list = root.getElementsByTagNameNS(ns, localName);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list.item(i);
    if (e) out.push(e);
  }
  return out;
}
